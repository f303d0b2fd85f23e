import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { didYouMean } from '../../server/src/features/suggest';

describe('didYouMean', () => {
  const names = ['lora_r', 'lora_alpha', 'lora_dropout', 'learning_rate', 'training_config_type'];
  it('finds typos, swapped letters and longer spellings', () => {
    assert.equal(didYouMean('lora_rank', names), 'lora_r');
    assert.equal(didYouMean('lora_aplha', names), 'lora_alpha');
    assert.equal(didYouMean('learningrate', names), 'learning_rate');
    assert.equal(didYouMean('LORA_DROPOUT', names), 'lora_dropout');
  });
  it('stays quiet when nothing is close', () => {
    assert.equal(didYouMean('bucket', names), undefined);
    assert.equal(didYouMean('x', names), undefined);
  });
});
