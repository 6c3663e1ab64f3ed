import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PendingRequest } from '../../src/session/pending-requests.js';
import { ReplyMatcher } from '../../src/session/reply-matcher.js';

let nextId = 0;

/** Sends a request the way the session does: labelled as the matcher says. */
function send(
  matcher: ReplyMatcher,
  command: string,
  options: { oob?: boolean; deadline?: number } = {},
): PendingRequest {
  const oob = options.oob === true;
  const request: PendingRequest = {
    id: ++nextId,
    command,
    args: undefined,
    oob,
    labelled: matcher.mustLabel(oob),
    timeoutMs: 1000,
    deadline: options.deadline ?? Number.POSITIVE_INFINITY,
    resolve: () => {},
    reject: () => {},
  };
  matcher.add(request);
  return request;
}

describe('ReplyMatcher', () => {
  it('matches replies without an id to unlabelled requests in the order they were sent', () => {
    const matcher = new ReplyMatcher(false);
    const a = send(matcher, 'a');
    const b = send(matcher, 'b');
    assert.equal(a.labelled, false);
    assert.equal(b.labelled, false);
    assert.equal(matcher.match({}), a);
    assert.equal(matcher.match({}), b);
    assert.equal(matcher.size, 0);
  });

  it('matches by id when in-band ids are on, in any order', () => {
    const counters = { lateReplies: 0, unmatchedReplies: 0 };
    const matcher = new ReplyMatcher(true, counters);
    const a = send(matcher, 'a');
    const b = send(matcher, 'b');
    assert.equal(a.labelled, true);
    assert.equal(matcher.match({ id: b.id }), b);
    assert.equal(matcher.match({ id: a.id }), a);
    assert.equal(matcher.match({ id: 'stranger' }), undefined);
    assert.deepEqual(counters, { lateReplies: 0, unmatchedReplies: 1 });
  });

  it('labels OOB requests always, and lets their replies overtake the FIFO', () => {
    const matcher = new ReplyMatcher(false);
    const slow = send(matcher, 'slow');
    const oob = send(matcher, 'fast', { oob: true });
    assert.equal(oob.labelled, true);
    assert.equal(matcher.match({ id: oob.id }), oob);
    assert.equal(matcher.match({}), slow);
  });

  it('labels in-band requests while an abandoned unlabelled reply is owed, and stops once it came', () => {
    const counters = { lateReplies: 0, unmatchedReplies: 0 };
    const matcher = new ReplyMatcher(false, counters);
    const lost = send(matcher, 'lost');
    assert.equal(matcher.abandon(lost.id), lost);
    const safe = send(matcher, 'safe');
    assert.equal(safe.labelled, true, 'labelled while the abandoned reply is owed');
    // The late reply still takes its place at the head of the FIFO.
    assert.equal(matcher.match({}), undefined);
    assert.equal(counters.lateReplies, 1);
    assert.equal(matcher.mustLabel(false), true, 'the labelled one is still owed');
    assert.equal(matcher.match({ id: safe.id }), safe);
    assert.equal(matcher.mustLabel(false), false);
  });

  it('keeps later replies safe from a peer that never answers an abandoned request', () => {
    const matcher = new ReplyMatcher(false);
    const lost = send(matcher, 'lost');
    matcher.abandon(lost.id);
    const next = send(matcher, 'next');
    // The peer skips `lost` and answers `next` by id: it is not mistaken for `lost`'s reply.
    assert.equal(matcher.match({ id: next.id }), next);
  });

  it('gives an oversized reply to the oldest unlabelled request, else the oldest in-band one', () => {
    const unlabelled = new ReplyMatcher(false);
    const first = send(unlabelled, 'first');
    send(unlabelled, 'second');
    assert.equal(unlabelled.takeOversized(), first);
    assert.equal(unlabelled.size, 1);

    const labelled = new ReplyMatcher(true);
    send(labelled, 'oob', { oob: true });
    const inBand = send(labelled, 'in-band');
    assert.equal(labelled.takeOversized(), inBand);
  });

  it('counts a reply to an oversized-then-abandoned request as late, not unmatched', () => {
    const counters = { lateReplies: 0, unmatchedReplies: 0 };
    const matcher = new ReplyMatcher(true, counters);
    const big = send(matcher, 'big');
    assert.equal(matcher.takeOversized(), big);
    assert.equal(matcher.match({ id: big.id }), undefined);
    assert.deepEqual(counters, { lateReplies: 1, unmatchedReplies: 0 });
  });

  it('an oversized reply for an abandoned unlabelled request settles nothing and clears its debt', () => {
    const matcher = new ReplyMatcher(false);
    const gone = send(matcher, 'gone');
    matcher.abandon(gone.id);
    assert.equal(matcher.takeOversized(), undefined);
    assert.equal(matcher.mustLabel(false), false);
  });

  it('reports expired requests and the earliest deadline without removing anything', () => {
    const matcher = new ReplyMatcher(true);
    const soon = send(matcher, 'soon', { deadline: 10 });
    send(matcher, 'later', { deadline: 20 });
    assert.equal(matcher.earliestDeadline(), 10);
    assert.deepEqual(matcher.expired(15), [soon]);
    assert.equal(matcher.size, 2);
  });

  it('clear returns every waiting request, oldest first, and forgets the FIFO and debts', () => {
    const matcher = new ReplyMatcher(false);
    const a = send(matcher, 'a');
    const lost = send(matcher, 'lost');
    matcher.abandon(lost.id);
    const b = send(matcher, 'b');
    assert.deepEqual(matcher.clear(), [a, b]);
    assert.equal(matcher.size, 0);
    assert.equal(matcher.mustLabel(false), false);
    assert.equal(matcher.match({}), undefined);
  });
});

describe('ReplyMatcher invariants (random traffic from a peer that answers in order)', () => {
  type Op =
    | { kind: 'send'; oob: boolean }
    | { kind: 'abandon'; pick: number }
    | { kind: 'answer-in-band' }
    | { kind: 'answer-oob'; pick: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('send' as const), oob: fc.boolean() }),
    fc.record({ kind: fc.constant('abandon' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('answer-in-band' as const) }),
    fc.record({ kind: fc.constant('answer-oob' as const), pick: fc.nat() }),
  );

  it('gives every reply to its own request, or to nobody once its caller gave up', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { maxLength: 80 }), (inBandIds, ops) => {
        const counters = { lateReplies: 0, unmatchedReplies: 0 };
        const matcher = new ReplyMatcher(inBandIds, counters);
        const waiting = new Set<unknown>();
        // What the peer has yet to answer: in-band in order, OOB in any order.
        const inBand: PendingRequest[] = [];
        const oob: PendingRequest[] = [];
        let late = 0;
        const answer = (request: PendingRequest) => {
          const got = matcher.match(request.labelled ? { id: request.id } : {});
          if (waiting.delete(request.id)) assert.equal(got, request);
          else {
            assert.equal(got, undefined);
            late++;
          }
        };
        for (const each of ops) {
          if (each.kind === 'send') {
            const request = send(matcher, 'c', { oob: each.oob });
            if (each.oob) assert.equal(request.labelled, true);
            if (inBandIds) assert.equal(request.labelled, true);
            waiting.add(request.id);
            (each.oob ? oob : inBand).push(request);
          } else if (each.kind === 'abandon' && waiting.size > 0) {
            const id = [...waiting][each.pick % waiting.size];
            assert.ok(matcher.abandon(id));
            waiting.delete(id);
          } else if (each.kind === 'answer-in-band' && inBand.length > 0) answer(inBand.shift()!);
          else if (each.kind === 'answer-oob' && oob.length > 0)
            answer(oob.splice(each.pick % oob.length, 1)[0]!);
          assert.equal(matcher.size, waiting.size);
        }
        // Once the peer has answered everything, no debt is left: commands may go unlabelled.
        for (const request of [...inBand, ...oob]) answer(request);
        assert.equal(matcher.size, 0);
        assert.equal(matcher.mustLabel(false), inBandIds);
        assert.deepEqual(counters, { lateReplies: late, unmatchedReplies: 0 });
      }),
      { numRuns: 300 },
    );
  });
});
