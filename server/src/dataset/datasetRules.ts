/**
 * Every kind of problem a training data file can have. Severity follows one rule: an error is what makes the
 * service reject the file or train on something that is not the example the user meant; a warning is what the
 * service may accept but is most likely a mistake, or what some readers reject and others do not.
 */
export type DatasetSeverity = 'error' | 'warning';

interface DatasetRule {
  severity: DatasetSeverity;
  title: string;
  help: string;
}

export const DATASET_RULES = {
  'not-json': {
    severity: 'error',
    title: 'Line that is not JSON',
    help: 'Each line of a JSON Lines file is one JSON value; this one cannot be read as JSON, so the service rejects the file.',
  },
  'not-object': {
    severity: 'error',
    title: 'Line that is not a JSON object',
    help: 'Each line must be one object, `{"prompt": "...", "completion": "..."}`; an array, a string, a number or null is not an example.',
  },
  'missing-field': {
    severity: 'error',
    title: 'Missing prompt or completion',
    help: 'Every example needs both `prompt` and `completion`; the service rejects a line without one.',
  },
  'field-not-string': {
    severity: 'error',
    title: 'Prompt or completion that is not a string',
    help: '`prompt` and `completion` are text: a number, null, an array or an object there is rejected, or trained on as its JSON text.',
  },
  'empty-field': {
    severity: 'error',
    title: 'Empty prompt or completion',
    help: 'An empty prompt or completion, or one of spaces only, teaches the model nothing or to answer with nothing: fill it in or drop the line.',
  },
  'unknown-key': {
    severity: 'warning',
    title: 'Key other than prompt and completion',
    help: 'Only `prompt` and `completion` are read; another key is ignored at best, and is often a misspelt one.',
  },
  'duplicate-example': {
    severity: 'warning',
    title: 'Example repeated exactly',
    help: 'The same prompt and completion appear on an earlier line: the model sees the pair twice as often, and a copy may land in both training and validation, which makes the validation loss look better than it is.',
  },
  'blank-line': {
    severity: 'warning',
    title: 'Blank line',
    help: 'A blank line is no example; some JSON Lines readers skip it and others fail on it. Remove it.',
  },
  'byte-order-mark': {
    severity: 'warning',
    title: 'Byte-order mark',
    help: 'The line starts with a UTF-8 byte-order mark, which many JSON readers reject as an unexpected character; the service does not document how it treats one. Save the file as UTF-8 without BOM.',
  },
  'invalid-utf8': {
    severity: 'error',
    title: 'Line that is not UTF-8',
    help: 'The line holds bytes that are not UTF-8 (a file saved as Latin-1 or Windows-1252, or binary data); the service reads UTF-8 only. Save the file as UTF-8.',
  },
  'truncated-line': {
    severity: 'error',
    title: 'Cut-off last line',
    help: 'The last line has no line break and is not complete JSON: the file looks cut off, as by an interrupted upload or copy. Copy it again.',
  },
  'line-too-long': {
    severity: 'error',
    title: 'Line too long to be an example',
    help: 'The line is longer than any example a model can be trained on, so it is neither read nor checked; usually the line breaks of the file are missing or wrong.',
  },
  'no-examples': {
    severity: 'error',
    title: 'No examples',
    help: 'The file holds no valid example, so a fine-tuning job on it fails.',
  },
} satisfies Record<string, DatasetRule>;

export type DatasetRuleId = keyof typeof DATASET_RULES;
