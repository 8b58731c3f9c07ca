import { type Download, type EvidenceDownload, toDownload } from '../core/download.js';
import { operation, type QueryParams, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

const listCases = operation('listCases', 'GET', '/cases');
const getCaseCounts = operation('getCaseCounts', 'GET', '/case-counts');
const getCase = operation('getCase', 'GET', '/cases/{caseId}');
const triageCase = operation('triageCase', 'POST', '/cases/{caseId}/triage');
const routeCases = operation('routeCases', 'POST', '/case-routings');
const transitionCase = operation('transitionCase', 'POST', '/cases/{caseId}/transitions');
const getEvidenceFile = operation('getEvidenceFile', 'GET', '/cases/{caseId}/evidence/{evidenceId}');
const addCaseNote = operation('addCaseNote', 'POST', '/cases/{caseId}/notes');
const assignCaseOfficer = operation('assignCaseOfficer', 'POST', '/cases/{caseId}/officer');
const listOfficers = operation('listOfficers', 'GET', '/officers');
const redactEvidence = operation(
  'redactEvidence',
  'POST',
  '/cases/{caseId}/evidence/{evidenceId}/redactions',
);
const exportCaseFilePdf = operation('exportCaseFilePdf', 'GET', '/cases/{caseId}/case-file.pdf');
const redactCaseText = operation('redactCaseText', 'POST', '/cases/{caseId}/text-redactions');
const postCaseMessage = operation('postCaseMessage', 'POST', '/cases/{caseId}/messages');

/** Cases of the caller's unit (tag `cases`): triage, investigation, closure, notes, replies. */
export class CasesResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** The cases the caller's unit sees, newest first; `for await` walks every page. */
  list(query: QueryParams<'listCases'> = {}, options?: RequestOptions): PagePromise<Result<'listCases'>> {
    return listOperation(this.#transport, listCases, { query }, options);
  }

  /** How many cases each queue of the caller holds (per state, and overdue). */
  counts(
    query: QueryParams<'getCaseCounts'> = {},
    options?: RequestOptions,
  ): Promise<Result<'getCaseCounts'>> {
    return this.#transport.request(getCaseCounts, { query }, options);
  }

  get(caseId: string, options?: RequestOptions): Promise<Result<'getCase'>> {
    return this.#transport.request(getCase, { params: { caseId } }, options);
  }

  /** Intake's decision: route the case to a unit, or dismiss it with a reason. */
  triage(
    caseId: string,
    body: RequestBody<'triageCase'>,
    options?: RequestOptions,
  ): Promise<Result<'triageCase'>> {
    return this.#transport.request(triageCase, { params: { caseId }, body }, options);
  }

  /**
   * Routes several cases to one unit at once, all or nothing: a refused case refuses the batch
   * (`409 bulk_routing_refused`, each refused case named in `errors`).
   */
  route(body: RequestBody<'routeCases'>, options?: RequestOptions): Promise<Result<'routeCases'>> {
    return this.#transport.request(routeCases, { body }, options);
  }

  /** Moves the case on: investigate, close with an outcome, or reroute. */
  transition(
    caseId: string,
    body: RequestBody<'transitionCase'>,
    options?: RequestOptions,
  ): Promise<Result<'transitionCase'>> {
    return this.#transport.request(transitionCase, { params: { caseId }, body }, options);
  }

  /**
   * Downloads one evidence file (metadata stripped) as a stream:
   *
   * ```ts
   * const file = await ezhili.cases.downloadEvidence(caseId, evidenceId);
   * await pipeline(Readable.fromWeb(file.body), createWriteStream('photo.jpg')); // Node
   * ```
   */
  async downloadEvidence(
    caseId: string,
    evidenceId: string,
    options?: RequestOptions,
  ): Promise<EvidenceDownload> {
    const { response } = await this.#transport.requestResponse(
      getEvidenceFile,
      { params: { caseId, evidenceId } },
      options,
    );
    return toDownload(response);
  }

  /**
   * Blacks out regions of a photo (pixels of the image as displayed); from then on everyone
   * downloads the redacted photo, and the original is sealed for k-of-n auditors.
   */
  redactEvidence(
    caseId: string,
    evidenceId: string,
    body: RequestBody<'redactEvidence'>,
    options?: RequestOptions,
  ): Promise<Result<'redactEvidence'>> {
    return this.#transport.request(redactEvidence, { params: { caseId, evidenceId }, body }, options);
  }

  /** Masks passages (code-point ranges) of the description, a note or a message, for everyone. */
  redactText(
    caseId: string,
    body: RequestBody<'redactCaseText'>,
    options?: RequestOptions,
  ): Promise<Result<'redactCaseText'>> {
    return this.#transport.request(redactCaseText, { params: { caseId }, body }, options);
  }

  /** The case file as a PDF (timeline, decisions, redacted texts, evidence thumbnails and hashes), streamed. */
  async exportPdf(caseId: string, options?: RequestOptions): Promise<Download> {
    const { response } = await this.#transport.requestResponse(
      exportCaseFilePdf,
      { params: { caseId } },
      options,
    );
    return toDownload(response);
  }

  /**
   * Names the officer of the case's unit who handles it (`officerId: null` hands it back to the
   * unit); routing the case to another unit clears it. List "my cases" with
   * `cases.list({ officer: 'me' })`.
   */
  assignOfficer(
    caseId: string,
    body: RequestBody<'assignCaseOfficer'>,
    options?: RequestOptions,
  ): Promise<Result<'assignCaseOfficer'>> {
    return this.#transport.request(assignCaseOfficer, { params: { caseId }, body }, options);
  }

  /** The officers of the caller's units (every unit's for admin and auditor): who a case can go to. */
  officers(options?: RequestOptions): Promise<Result<'listOfficers'>> {
    return this.#transport.request(listOfficers, {}, options);
  }

  /** An internal note, never shown to the reporter. */
  addNote(
    caseId: string,
    body: RequestBody<'addCaseNote'>,
    options?: RequestOptions,
  ): Promise<Result<'addCaseNote'>> {
    return this.#transport.request(addCaseNote, { params: { caseId }, body }, options);
  }

  /** A message to the reporter, who reads it with the tip's identity code. */
  postMessage(
    caseId: string,
    body: RequestBody<'postCaseMessage'>,
    options?: RequestOptions,
  ): Promise<Result<'postCaseMessage'>> {
    return this.#transport.request(postCaseMessage, { params: { caseId }, body }, options);
  }
}
