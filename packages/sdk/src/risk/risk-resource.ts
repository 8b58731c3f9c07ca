import { type Download, toDownload } from '../core/download.js';
import { operation, type QueryParams, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

const importInspections = operation('importInspections', 'POST', '/risk/inspection-imports');
const getRiskModel = operation('getRiskModel', 'GET', '/risk/model');
const putRiskModel = operation('putRiskModel', 'PUT', '/risk/model');
const createRiskRun = operation('createRiskRun', 'POST', '/risk/runs');
const getRiskRun = operation('getRiskRun', 'GET', '/risk/runs/{runId}');
const listShopRisks = operation('listShopRisks', 'GET', '/risk/shops');
const getShopRisk = operation('getShopRisk', 'GET', '/risk/shops/{shopId}');
const createRiskBacktest = operation('createRiskBacktest', 'POST', '/risk/backtests');
const importRiskCovariates = operation('importRiskCovariates', 'POST', '/risk/covariate-imports');
const listRiskBacktests = operation('listRiskBacktests', 'GET', '/risk/backtests');
const getRiskBacktest = operation('getRiskBacktest', 'GET', '/risk/backtests/{backtestId}');
const exportRiskBacktestScores = operation(
  'exportRiskBacktestScores',
  'GET',
  '/risk/backtests/{backtestId}/scores',
);

/**
 * An inspection or covariate file: CSV or NDJSON, as a string, bytes or a Blob. In Node pass
 * `await fs.openAsBlob(path)` to stream a large file from disk instead of reading it into memory.
 */
export type RecordFile =
  | { csv: string | Blob | Uint8Array<ArrayBuffer> }
  | { ndjson: string | Blob | Uint8Array<ArrayBuffer> };

/** The risk index (tag `risk`): inspection imports, the scoring model, runs, scores, backtests. */
export class RiskResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Imports inspection records (`{ csv }` or `{ ndjson }`), read through the column `mapping`. */
  importInspections(
    file: RecordFile,
    query: QueryParams<'importInspections'> = {},
    options?: RequestOptions,
  ): Promise<Result<'importInspections'>> {
    return this.#transport.request(importInspections, { ...recordBody(file), query }, options);
  }

  /** Imports covariates of shops or areas (`{ csv }` or `{ ndjson }`) for a model's features. */
  importCovariates(
    file: RecordFile,
    query: QueryParams<'importRiskCovariates'> = {},
    options?: RequestOptions,
  ): Promise<Result<'importRiskCovariates'>> {
    return this.#transport.request(importRiskCovariates, { ...recordBody(file), query }, options);
  }

  /** The current model, or `{ version }`. */
  getModel(
    query: QueryParams<'getRiskModel'> = {},
    options?: RequestOptions,
  ): Promise<Result<'getRiskModel'>> {
    return this.#transport.request(getRiskModel, { query }, options);
  }

  /** Publishes a new model version (the same model again is answered 200 without a new version). */
  putModel(body: RequestBody<'putRiskModel'>, options?: RequestOptions): Promise<Result<'putRiskModel'>> {
    return this.#transport.request(putRiskModel, { body }, options);
  }

  /** Scores every shop with the current model; the top tier may become leads. */
  createRun(body: RequestBody<'createRiskRun'>, options?: RequestOptions): Promise<Result<'createRiskRun'>> {
    return this.#transport.request(createRiskRun, { body }, options);
  }

  getRun(runId: string, options?: RequestOptions): Promise<Result<'getRiskRun'>> {
    return this.#transport.request(getRiskRun, { params: { runId } }, options);
  }

  /** Shops by score, highest first (latest run unless `runId`); `for await` walks every page. */
  listShops(
    query: QueryParams<'listShopRisks'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listShopRisks'>> {
    return listOperation(this.#transport, listShopRisks, { query }, options);
  }

  /** One shop's score with each indicator's contribution. */
  getShop(
    shopId: string,
    query: QueryParams<'getShopRisk'> = {},
    options?: RequestOptions,
  ): Promise<Result<'getShopRisk'>> {
    return this.#transport.request(getShopRisk, { params: { shopId }, query }, options);
  }

  /** Replays the model on history before a date and measures how well it ranked. */
  createBacktest(
    body: RequestBody<'createRiskBacktest'>,
    options?: RequestOptions,
  ): Promise<Result<'createRiskBacktest'>> {
    return this.#transport.request(createRiskBacktest, { body }, options);
  }

  /** Backtests run so far, newest first; `for await` walks every page. */
  listBacktests(
    query: QueryParams<'listRiskBacktests'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listRiskBacktests'>> {
    return listOperation(this.#transport, listRiskBacktests, { query }, options);
  }

  getBacktest(backtestId: string, options?: RequestOptions): Promise<Result<'getRiskBacktest'>> {
    return this.#transport.request(getRiskBacktest, { params: { backtestId } }, options);
  }

  /** A backtest's per-shop scores as a streamed CSV (default) or NDJSON file. */
  async exportBacktestScores(
    backtestId: string,
    query: QueryParams<'exportRiskBacktestScores'> = {},
    options?: RequestOptions,
  ): Promise<Download> {
    const { response } = await this.#transport.requestResponse(
      exportRiskBacktestScores,
      { params: { backtestId }, query },
      options,
    );
    return toDownload(response);
  }
}

function recordBody(file: RecordFile) {
  return 'csv' in file
    ? { rawBody: file.csv, contentType: 'text/csv' }
    : { rawBody: file.ndjson, contentType: 'application/x-ndjson' };
}
