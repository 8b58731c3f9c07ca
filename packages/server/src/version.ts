import { openapiDocument } from '@ezhili/contract';

/** The server reports the contract version it implements. */
export const SERVER_VERSION: string = openapiDocument.info.version;
