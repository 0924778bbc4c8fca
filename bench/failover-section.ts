import { runFailover, runRedisDown } from '../test/app/failover-harness.js';

/**
 * runFailoverSection (issue 15): (a) kill -9 of the active engine in the middle of the 2026-01-29 day replayed live,
 * three times: the takeover time, and every alert of the day in every subscribed chat exactly once; (b) Redis down for
 * 30 s during the crash hour: what the outbox held, and that nothing (no critical) was lost.
 */
export async function runFailoverSection(chats: number, bar: (ok: boolean, text: string) => void): Promise<void> {
  console.log(`\n== Failover: kill -9 of the active engine mid-day (two ROLE=engine + one ROLE=delivery, ${chats} Telegram chats, ENGINE_LEASE_MS=5000) ==`);
  const times: number[] = [];
  for (let run = 1; run <= 3; run++) {
    const r = await runFailover({ chats, speed: 720, killAfterMs: 45_000 + run * 10_000, snapshotMs: 30_000 });
    times.push(r.takeoverMs);
    console.log(`  run ${run}: killed with ${r.messagesAtKill} messages out; standby ran the engine ${(r.takeoverMs / 1000).toFixed(1)} s after the kill; ${r.messages} messages in all, lost ${r.lost}, duplicates ${r.dupes} (${r.chatsWithDupes} chats)`);
    if (run === 1) for (const l of r.gapLines) console.log(`  summary: ${l.trim()}`);
    bar(r.lost === 0 && r.dupes <= r.chatsWithDupes && r.gapLines.some((l) => /handover/.test(l)), `run ${run}: every alert of the day reached every chat, at most one duplicate per chat, the summary names the handover`);
  }
  console.log(`  takeover times: ${times.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')}`);
  bar(times.every((t) => t <= 10_000), `standby takes over within 10 s of the kill (worst ${(Math.max(...times) / 1000).toFixed(1)} s)`);

  console.log(`\n== Redis down for 30 s during the crash hour (one ROLE=all, ${chats} Telegram chats, the hour replayed at 120× ) ==`);
  const d = await runRedisDown({ chats, speed: 120, downMs: 30_000, beforeMin: 60, afterMin: 40, downAtMin: 5 });
  console.log(`  alerts fired while Redis was down: ${d.firedDuringOutage} (${d.criticalDuringOutage} critical); outbox peak ${d.outboxMax} alerts, oldest waited ${d.outboxOldestMaxS.toFixed(1)} s; dropped ${d.dropped}`);
  console.log(`  after Redis returned: ${d.messages} messages; lost ${d.lost} (critical ${d.lostCritical}); duplicates ${d.dupes}`);
  bar(d.lostCritical === 0 && d.lost === 0 && d.firedDuringOutage > 0, 'the outbox held the alerts and flushed them: 0 critical lost, 0 lost');
}
