/** The create form puts the daemon's field errors beside the most specific form field. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestField } from '../../web/src/lib/field-path.js';

const places = { name: 'name', disks: 'disks', 'disks.1': 'iso', sizeBytes: 'diskGiB' };

test('a nested field goes to its most specific form field, either spelling', () => {
  assert.equal(closestField('body.spec.disks.1.path', places), 'iso');
  assert.equal(closestField('body.spec.disks[1].id', places), 'iso');
  assert.equal(closestField('body.spec.disks.0.path', places), 'disks');
  assert.equal(closestField('body.spec.name', places), 'name');
  assert.equal(closestField('body.sizeBytes', places), 'diskGiB');
});

test('a field the form does not have goes nowhere', () => {
  assert.equal(closestField('body.spec.vnc.port', places), undefined);
  assert.equal(closestField(undefined, places), undefined);
  assert.equal(closestField('params.id', places), undefined);
});
