// Generates the contract's TypeScript artefacts from openapi/openapi.yaml:
//   src/schema.generated.ts    types, by openapi-typescript
//   src/document.generated.ts  the document itself, for runtime validation and serving
// `--check` regenerates in memory and fails when the checked-in files drifted.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const banner =
  '// This file is generated from openapi/openapi.yaml by packages/contract/scripts/generate.mjs.\n' +
  '// Do not edit it by hand: change the YAML and run `npm run contract:generate`.\n';

const yamlUrl = new URL('../../../openapi/openapi.yaml', import.meta.url);
const outputs = {
  schema: new URL('../src/schema.generated.ts', import.meta.url),
  document: new URL('../src/document.generated.ts', import.meta.url),
};

const source = await readFile(yamlUrl, 'utf8');
const document = parse(source);
// defaultNonNullable off: a field with a default is one a client may leave out (only request
// bodies and parameters have defaults here), so it stays optional in the generated types.
const ast = await openapiTS(yamlUrl, { alphabetize: false, immutable: false, defaultNonNullable: false });
const generated = {
  schema: `${banner}\n${astToString(ast)}`,
  document: `${banner}\nimport type { OpenApiDocument } from './document.js';\n\nexport const openapiDocument: OpenApiDocument = ${JSON.stringify(document, null, 2)};\n\nexport const openapiYaml: string = ${JSON.stringify(source)};\n`,
};

if (process.argv.includes('--check')) {
  const drifted = [];
  for (const [name, url] of Object.entries(outputs)) {
    const current = await readFile(url, 'utf8').catch(() => '');
    if (current !== generated[name]) drifted.push(fileURLToPath(url));
  }
  if (drifted.length > 0) {
    console.error(
      `Contract drift: these files do not match openapi/openapi.yaml:\n  ${drifted.join('\n  ')}\nRun \`npm run contract:generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log('contract: generated files match openapi/openapi.yaml');
} else {
  for (const [name, url] of Object.entries(outputs)) await writeFile(url, generated[name]);
  console.log(
    'contract: generated',
    Object.values(outputs)
      .map((u) => fileURLToPath(u))
      .join(', '),
  );
}
