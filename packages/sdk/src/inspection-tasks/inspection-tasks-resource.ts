import { operation, type QueryParams, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

const listInspectionTasks = operation('listInspectionTasks', 'GET', '/inspection-tasks');
const getInspectionTask = operation('getInspectionTask', 'GET', '/inspection-tasks/{taskId}');
const completeInspectionTask = operation(
  'completeInspectionTask',
  'POST',
  '/inspection-tasks/{taskId}/completion',
);

/** Inspections a risk run asks the caller's unit to make (tag `inspection-tasks`). */
export class InspectionTasksResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** The unit's tasks (e.g. `{ status: 'open' }`); `for await` walks every page. */
  list(
    query: QueryParams<'listInspectionTasks'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listInspectionTasks'>> {
    return listOperation(this.#transport, listInspectionTasks, { query }, options);
  }

  get(taskId: string, options?: RequestOptions): Promise<Result<'getInspectionTask'>> {
    return this.#transport.request(getInspectionTask, { params: { taskId } }, options);
  }

  /** Records the inspection's result; the task closes. */
  complete(
    taskId: string,
    body: RequestBody<'completeInspectionTask'>,
    options?: RequestOptions,
  ): Promise<Result<'completeInspectionTask'>> {
    return this.#transport.request(completeInspectionTask, { params: { taskId }, body }, options);
  }
}
