/** The SDK's version, sent in `User-Agent` and `Ezhili-Client`. A test keeps it equal to package.json. */
export const VERSION = '0.1.0';
