// Adds an `example` to every JSON request body and success response of openapi/openapi.yaml that
// has none, derived from its schema (property names, formats, patterns, enums, bounds), so each
// operation documents a request and an answer. Edit the results into something telling: they are
// a start, not the last word. Error examples come from the shared responses (Unauthorized, ...).
// `npm run contract:examples -w @ezhili/contract`, then `npm run contract:generate`.
// packages/server/src/contract/contract-examples.test.ts validates every example with the server's
// own validators.
import { readFile, writeFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';

const yamlUrl = new URL('../../../openapi/openapi.yaml', import.meta.url);
const source = await readFile(yamlUrl, 'utf8');
const document = parse(source);

const AT = '2026-01-05T08:00:00.000Z';
const ID_TAIL = '01kdx3r8n0m2v4q6s8t0w2y4z6';
const PREFIXES = {
  case: 'case',
  lead: 'lead',
  tip: 'tip',
  shop: 'shop',
  evidence: 'evd',
  note: 'note',
  message: 'msg',
  claim: 'rwc',
  rewardClaim: 'rwc',
  unsealRequest: 'unseal',
  request: 'rlr',
  relistingRequest: 'rlr',
  card: 'card',
  run: 'rrun',
  task: 'itask',
  delivery: 'msg',
  staff: 'stf',
  reporter: 'rep',
  payout: 'pay',
  backtest: 'bkt',
  verification: 'avj',
  import: 'imp',
  partner: 'ptn',
};

/** Values by property name, where the schema alone says too little. Fake, never real people. */
const NAMED = {
  version: '0.1.0',
  kty: 'OKP',
  crv: 'Ed25519',
  x: 's7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc',
  alg: 'EdDSA',
  use: 'sig',
  kid: 'key_2026_01',
  phone: '13800000000',
  realName: '张三 (example)',
  bankName: 'Bank of Fuzhou',
  accountName: '张三 (example)',
  accountNumber: '6222020000000000000',
  note: 'Checked the licence on file; it expired in 2025.',
  mediaType: 'image/jpeg',
  signature: 'eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl',
  jti: '5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10',
  nextCursor: 'WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ',
  role: 'intake',
  legalBasis: 'Food Safety Law of the PRC, Article 34',
  passphrase: 'correct horse battery staple',
  currentPassphrase: 'correct horse battery staple',
  newPassphrase: 'tr0ub4dor and three more words',
  nameZh: '鼓楼区',
  nameEn: 'Gulou District',
  licenceNumber: 'JY13501020000001',
  timeZone: 'Asia/Shanghai',
  shopAddress: '12 Wuyi Road, Gulou District, Fuzhou',
  lastError: 'HTTP 503',
  requestedBy: 'staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6',
  createdBy: 'staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6',
  prevHash: 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c',
  hash: 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c',
};
const OWNER_PREFIX = {
  Case: 'case',
  CaseSummary: 'case',
  CaseDetail: 'case',
  Lead: 'lead',
  Platform: 'plt',
  Partner: 'ptn',
  StaffMember: 'stf',
  RewardClaim: 'rwc',
  UnsealRequest: 'unseal',
  RelistingRequest: 'rlr',
  PlatformCard: 'card',
  RiskRun: 'rrun',
  InspectionTask: 'itask',
  WebhookDelivery: 'msg',
  CaseNote: 'note',
  Message: 'msg',
  CaseMessage: 'msg',
  Evidence: 'evd',
  Shop: 'shop',
  Reporter: 'rep',
  ReporterProfile: 'rep',
  CaseTransition: 'trn',
  AuditEvent: 'aud',
};
let owner = '';

function resolve(schema) {
  let current = schema;
  for (let i = 0; current?.$ref && i < 20; i++) {
    if (current.$ref.startsWith('#/components/schemas/')) owner = current.$ref.split('/').pop();
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((node, part) => node[part.replaceAll('~1', '/').replaceAll('~0', '~')], document);
  }
  return current ?? {};
}

function idFor(name) {
  const base = name.replace(/Ids?$/, '');
  const prefix = PREFIXES[base] ?? base.replace(/[A-Z].*/, '').slice(0, 6);
  return `${prefix}_${ID_TAIL}`;
}

function stringFor(name, schema) {
  const lower = name.toLowerCase();
  const slug = {
    '^[a-z][a-z0-9_]{1,63}$': 'unhygienic_kitchen',
    '^[a-z][a-z0-9_]{0,63}$': 'past_violations',
    '^[a-z0-9][a-z0-9-]{1,62}$': 'employer-app',
    '^[a-z0-9][a-z0-9-]{0,63}$': 'first-tip',
  }[schema.pattern];
  if (slug) return slug;
  if (NAMED[name] !== undefined) return NAMED[name];
  if (name === 'id') {
    const prefix = Object.entries(OWNER_PREFIX).find(([schemaName]) => owner.startsWith(schemaName))?.[1];
    if (prefix === 'plt') return 'plt_demo';
    return `${
      prefix ??
      (owner
        .replace(/[A-Z][a-z]*$/, '')
        .toLowerCase()
        .slice(0, 6) ||
        'obj')
    }_${ID_TAIL}`;
  }
  if (schema.pattern === '^[0-9]{6}$' || lower.includes('district')) return '350102';
  if (schema.pattern === '^[0-9a-f]{64}$' || lower.endsWith('sha256'))
    return 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c';
  if (schema.pattern?.startsWith('^whsec_')) return 'whsec_LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=';
  if (schema.pattern?.startsWith('^[A-Z0-9]{1,6}-')) return 'FZ-7K3M-Q9XD-K';
  if (schema.pattern === '^[0-9]{4}-(Q[1-4]|0[1-9]|1[0-2])$') return '2025-Q4';
  if (schema.pattern === '^[0-9]{17}[0-9Xx]$') return '35010219900101123X';
  if (schema.pattern === '^[0-9]+$') return '42';
  if (schema.format === 'date-time') return AT;
  if (schema.format === 'date') return '2026-01-05';
  if (schema.format === 'email') return 'intake@demo.local';
  if (schema.format === 'uuid') return '5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10';
  if (schema.format === 'uri' || lower.endsWith('url')) return 'https://platform.example/webhooks/ezhili';
  if (lower === 'platformid' || lower === 'platform') return 'plt_demo';
  if (lower === 'platformshopid') return 'ps-1001';
  if (lower.endsWith('id') && schema.pattern !== '^[a-z0-9-]{1,64}$') return idFor(name);
  if (lower === 'email') return 'intake@demo.local';
  if (lower === 'password') return 'demo';
  if (lower.includes('origin')) return 'https://partner.example';
  if (lower === 'name' || lower === 'shopname') return '闽江面馆 Minjiang Noodle House';
  if (lower === 'address') return '12 Wuyi Road, Gulou District, Fuzhou';
  if (lower === 'displayname') return 'Intake Officer';
  if (lower.includes('token')) return 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGZfMDEifQ.c2lnbmF0dXJl';
  if (lower.includes('secret')) return 'r7Q2v9Zk3mW8xT1cB4nF6hJ0pL5sD2aG';
  if (lower === 'description' || lower === 'summary' || lower === 'body' || lower === 'text')
    return 'Raw meat stored next to cooked food in the kitchen.';
  if (lower.includes('reason')) return 'Review complete; licence verified.';
  if (schema.pattern === '^[a-z][a-z0-9_]{1,63}$' || schema.pattern === '^[a-z][a-z0-9_]{0,63}$')
    return 'unhygienic_kitchen';
  if (schema.pattern === '^[a-z0-9][a-z0-9-]{1,62}$' || schema.pattern === '^[a-z0-9][a-z0-9-]{0,63}$')
    return 'minjiang-noodles';
  if (schema.pattern === '^[a-z0-9-]{1,64}$') return 'ps-1001';
  if (schema.pattern === '^[A-Za-z0-9_-]+$') return 'AbC123_-';
  if (schema.pattern?.startsWith('^https?://')) return 'https://partner.example';
  if (lower === 'category' || lower === 'violationcategory') return 'unhygienic_kitchen';
  return name ? `example ${name}` : 'example';
}

function exampleOf(schema, name = '', depth = 0) {
  const s = resolve(schema);
  if (depth > 12) return undefined;
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum.find((v) => v !== null) ?? s.enum[0];
  if (s.default !== undefined && s.type !== 'object') return s.default;
  for (const key of ['oneOf', 'anyOf']) if (s[key]) return exampleOf(s[key][0], name, depth + 1);
  const mine = owner;
  const base = s.allOf
    ? Object.assign({}, ...s.allOf.map((part) => exampleOf(part, name, depth + 1)))
    : undefined;
  owner = mine;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (base && !s.properties) return base;
  if (type === 'object' || (!type && s.properties)) {
    const out = { ...base };
    for (const [key, value] of Object.entries(s.properties ?? {})) {
      owner = mine;
      const example = exampleOf(value, key, depth + 1);
      if (example !== undefined) out[key] = example;
    }
    owner = mine;
    if (!s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
      out.example = exampleOf(s.additionalProperties, 'example', depth + 1);
    }
    return out;
  }
  if (type === 'array') {
    const item = exampleOf(s.items ?? {}, name.replace(/s$/, ''), depth + 1);
    return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => item);
  }
  if (type === 'integer' || type === 'number') {
    const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : undefined);
    const value = min !== undefined ? Math.max(min, Math.min(s.maximum ?? min, min === 0 ? 1 : min)) : 1;
    return type === 'integer' ? Math.round(value) : value;
  }
  if (type === 'boolean') return false;
  if (type === 'string') {
    let value = stringFor(name, s);
    if (s.maxLength !== undefined && value.length > s.maxLength) value = value.slice(0, s.maxLength);
    if (s.minLength !== undefined && value.length < s.minLength) value = value.padEnd(s.minLength, 'x');
    return value;
  }
  if (type === 'null') return null;
  return undefined;
}

/** Inserts `example:` under a media type in the YAML text, after its other members. */
function insertExample(lines, start, indent, value) {
  let end = start + 1;
  while (end < lines.length && (lines[end].trim() === '' || lines[end].search(/\S/) > indent)) end += 1;
  const members = lines.slice(start + 1, end);
  if (members.some((line) => /^\s*examples?:/.test(line) && line.search(/\S/) === indent + 2)) return 0;
  const pad = ' '.repeat(indent + 2);
  const body = stringify(value, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })
    .trimEnd()
    .split('\n')
    .map((line) => `${pad}  ${line}`);
  lines.splice(end, 0, `${pad}example:`, ...body);
  return 1;
}

const lines = source.split('\n');
let added = 0;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
for (const item of Object.values(document.paths)) {
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const targets = [];
    const body = op.requestBody && resolve(op.requestBody);
    if (body?.content?.['application/json'] && !op.requestBody.$ref) targets.push(['requestBody', body]);
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      if (/^2/.test(status) && !response.$ref && response.content?.['application/json'])
        targets.push([status, response]);
    }
    for (const [where, holder] of targets) {
      const opLine = lines.findIndex((line) => line.trim() === `operationId: ${op.operationId}`);
      const opIndent = lines[opLine].search(/\S/);
      let opEnd = opLine + 1;
      while (opEnd < lines.length && (lines[opEnd].trim() === '' || lines[opEnd].search(/\S/) >= opIndent))
        opEnd += 1;
      const media = holder.content['application/json'];
      if (media.example !== undefined || media.examples) continue;
      owner = '';
      const value = exampleOf(media.schema ?? {});
      if (value === undefined) continue;
      // Find `<where>:` inside the operation, then its `application/json:` line.
      const key = where === 'requestBody' ? 'requestBody:' : `"${where}":`;
      let at = lines.findIndex((line, i) => i > opLine && i < opEnd && line.trim() === key);
      if (at < 0) at = lines.findIndex((line, i) => i > opLine && i < opEnd && line.trim() === `${where}:`);
      if (at < 0) continue;
      const mediaLine = lines.findIndex((line, i) => i > at && line.trim() === 'application/json:');
      const inserted = insertExample(lines, mediaLine, lines[mediaLine].search(/\S/), value);
      added += inserted;
    }
  }
}
await writeFile(yamlUrl, lines.join('\n'));
console.log(`contract: added ${added} examples; edit them, then run npm run contract:generate`);
