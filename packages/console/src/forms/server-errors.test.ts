import { EzhiliValidationError } from '@ezhili/sdk';
import { describe, expect, it } from 'vitest';
import { NESTED, pointerPath, showServerErrors } from './server-errors.js';

function fakeForm() {
  const set: Array<{ name: Array<string | number>; errors: string[] }> = [];
  return { set, form: { setFields: (fields: typeof set) => set.push(...fields) } as never };
}

const problem = (errors: Array<{ pointer: string; detail: string }>) =>
  new EzhiliValidationError({
    message: 'Invalid model.',
    status: 422,
    problem: { type: 't', title: 't', status: 422, errors },
  });

describe('server field errors on form fields', () => {
  it('reads JSON Pointers into field paths', () => {
    expect(pointerPath('#/indicators/3/weight')).toEqual(['indicators', 3, 'weight']);
    expect(pointerPath('/tiers/B')).toEqual(['tiers', 'B']);
  });

  it('places mapped and nested errors, and returns the rest as one message', () => {
    const { set, form } = fakeForm();
    const rest = showServerErrors(
      form,
      problem([
        { pointer: '#/penaltyFen', detail: 'is too large' },
        { pointer: '#/indicators/3/weight', detail: 'must be a number' },
        { pointer: '#/indicators/3/weight', detail: 'is out of range' },
        { pointer: '#/unknown', detail: 'is odd' },
      ]),
      { penaltyFen: 'penaltyYuan', indicators: NESTED },
    );
    expect(set).toEqual([
      { name: ['penaltyYuan'], errors: ['is too large'] },
      { name: ['indicators', 3, 'weight'], errors: ['must be a number', 'is out of range'] },
    ]);
    expect(rest).toBe('Invalid model. · unknown: is odd');
  });

  it('gives the message of an error without field errors', () => {
    const { set, form } = fakeForm();
    expect(showServerErrors(form, problem([]), {})).toBe('Invalid model.');
    expect(set).toEqual([]);
  });
});
