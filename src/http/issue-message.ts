import type { z } from '@hono/zod-openapi';

type Issue = z.core.$ZodIssue;

const KINDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/**
 * One sentence for a zod issue, naming the property. Messages a schema wrote itself are kept (with
 * a final period); zod's own English defaults ("Invalid input: expected string, received number",
 * "Too small: expected string to have >=1 characters") become sentences in the API's voice.
 */
export function issueMessage(issue: Issue, property: string): string {
  const own = issue.message;
  const isDefault = /^(Invalid (input|option|email address|URL|string|value)|Too (small|big)|Unrecognized)/.test(own);
  if (!isDefault) return /[.!?]$/.test(own) ? own : `${own}.`;
  switch (issue.code) {
    case 'invalid_type':
      return `${property} must be ${KINDS[issue.expected] ?? issue.expected}.`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return issue.origin === 'string' || issue.origin === 'array'
        ? `${property} must have ${bound}${unit}.`
        : `${property} must be ${bound}.`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `${property} must be ${JSON.stringify(issue.values[0])}.`
        : `${property} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'invalid_format':
      return issue.format === 'email'
        ? `${property} must be a valid email address.`
        : `${property} must be a valid ${issue.format}.`;
    default:
      return `${property} is not valid.`;
  }
}
