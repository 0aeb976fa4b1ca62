import { describe, expect, it } from 'vitest';
import { DIRECTORY, type DirectoryAnswer } from './support/core.js';
import { echo } from './support/echo.js';
import { systemFixture } from './support/system-fixture.js';

function market() {
  const fixture = systemFixture();
  const { system } = fixture;
  system.spawn(echo, { id: 'painter', capabilities: ['paint'] });
  system.spawn(echo, { id: 'all-rounder', capabilities: ['paint', 'weld'] });
  system.spawn(echo, { id: 'welder', capabilities: ['weld'] });
  return fixture;
}

describe('the directory', () => {
  it('finds agents by capability, in the order they registered', () => {
    const { system } = market();
    expect(system.directory.find('paint')).toEqual(['painter', 'all-rounder']);
    expect(system.directory.find('weld')).toEqual(['all-rounder', 'welder']);
    expect(system.directory.find('fly')).toEqual([]);
    expect(system.directory.capabilities()).toEqual(['paint', 'weld']);
  });

  it('forgets a stopped agent and remembers it again once restarted', () => {
    const { system } = market();
    system.stopAgent('painter');
    expect(system.directory.find('paint')).toEqual(['all-rounder']);
    system.restartAgent('painter');
    expect(system.directory.find('paint')).toEqual(['all-rounder', 'painter']);
  });

  it('answers a query-ref to polis.directory with an inform listing the agents', async () => {
    const { system } = market();
    const answer = await system.endpoint('app').request(
      {
        performative: 'query-ref',
        receiver: DIRECTORY,
        content: { kind: 'directory-query', capability: 'weld' },
      },
      1000,
    );
    expect(answer.performative).toBe('inform');
    expect(answer.sender).toBe(DIRECTORY);
    expect(answer.content).toEqual<DirectoryAnswer>({
      kind: 'directory-answer',
      capability: 'weld',
      agents: ['all-rounder', 'welder'],
    });
  });

  it('answers a malformed query not-understood, saying what it answers', async () => {
    const { system } = market();
    const me = system.endpoint('app');
    const replies: unknown[] = [];
    me.inbox$.subscribe((e) => replies.push(e.content));
    const answer = me.request(
      { performative: 'request', receiver: DIRECTORY, content: { kind: 'directory-query' } },
      1000,
    );
    system.run();
    // Not understanding is an answer (FIPA): the request resolves with it instead of failing.
    expect((await answer).performative).toBe('not-understood');
    expect(replies).toEqual([
      {
        kind: 'reason',
        reason: "polis.directory answers query-ref with content { kind: 'directory-query', capability }",
      },
    ]);
  });

  it('is not reached by broadcasts, which are for agents only', () => {
    const { system, deadLetters } = market();
    system.endpoint('app').send({ performative: 'inform', receiver: '*', content: { kind: 'hello' } });
    system.run();
    expect(deadLetters.map((d) => d.recipient)).not.toContain(DIRECTORY);
  });
});
