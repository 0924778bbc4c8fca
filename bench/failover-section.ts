import { runLiveFailover, runRedisDown } from '../test/app/failover-harness.js';

/** SPEED: the crash window is played 60× faster (an hour in a minute), its rules compressed alike. */
const SPEED = 60;
/** KILLS: where each run kills the active engine, in the day's minutes from the first cascade (13:24:34 UTC). */
const KILLS = [-1, 2, 5];

/**
 * runFailoverSection (issue 15): (a) kill -9 of the active engine while the 2026-01-29 crash (13:24 ± an hour) is
 * collected live from the fake Binance, Bybit and OKX, three times: the takeover time, the catch-up from the venues'
 * candles, and every alert the engines could raise from what they received in every subscribed chat exactly once;
 * (b) Redis down for 30 s during the crash hour: what the outbox held, and that nothing (no critical) was lost.
 */
export async function runFailoverSection(chats: number, bar: (ok: boolean, text: string) => void): Promise<void> {
  console.log(`\n== Failover: kill -9 of the active engine mid-crash, live on the fake venues (two ROLE=engine collecting from Binance, Bybit, OKX + one ROLE=delivery, ${chats} Telegram chats; the day 12:24–14:09 UTC played at ${SPEED}×, rules compressed alike; ENGINE_LEASE_MS=5000, ENGINE_SNAPSHOT_MS=1000) ==`);
  const day = (t: number) => new Date(t).toISOString().slice(11, 19);
  const times: number[] = [];
  for (const [i, killAtMin] of KILLS.entries()) {
    const r = await runLiveFailover({ chats, speed: SPEED, beforeMin: 60, afterMin: 45, killAtMin, snapshotMs: 1_000 });
    times.push(r.takeoverMs);
    const caught = r.catchUp ? Object.entries(r.catchUp.venues).map(([v, n]) => `${v} ${n}`).join(', ') : 'none';
    console.log(`  run ${i + 1}: killed at ${day(r.killedAtDay)} day time (${killAtMin > 0 ? '+' : ''}${killAtMin} min from the cascade); standby ran the engine ${(r.takeoverMs / 1000).toFixed(1)} s after the kill, collecting again from ${day(r.resumedAtDay)}; candle catch-up prices: ${caught}; ${r.tailA} events A took after its last snapshot died with it`);
    console.log(`         expected ${r.expected.length} alerts (${r.expectedBeforeKill} by A before the kill, ${r.expected.length - r.expectedBeforeKill} by the standby): ${r.messages} messages, lost ${r.lost}, duplicates ${r.dupes} (at most ${r.maxDupesPerChat} in a chat)`);
    for (const l of r.gapLines) console.log(`         summary: ${l.trim()}`);
    bar(r.lost === 0 && r.maxDupesPerChat <= 1 && r.expected.length > r.expectedBeforeKill && r.gapLines.some((l) => /handover/.test(l)), `run ${i + 1}: every alert the engines could raise reached every chat, at most one duplicate per chat, the summary names the handover`);
  }
  console.log(`  takeover times: ${times.map((t) => `${(t / 1000).toFixed(1)} s`).join(', ')}`);
  bar(times.every((t) => t <= 10_000), `standby takes over within 10 s of the kill (worst ${(Math.max(...times) / 1000).toFixed(1)} s)`);

  console.log(`\n== Redis down for 30 s during the crash hour (one ROLE=all, ${chats} Telegram chats, the hour replayed at 120× ) ==`);
  const d = await runRedisDown({ chats, speed: 120, downMs: 30_000, beforeMin: 60, afterMin: 40, downAtMin: 5 });
  console.log(`  alerts fired while Redis was down: ${d.firedDuringOutage} (${d.criticalDuringOutage} critical); outbox peak ${d.outboxMax} alerts, oldest waited ${d.outboxOldestMaxS.toFixed(1)} s; dropped ${d.dropped}`);
  console.log(`  after Redis returned: ${d.messages} messages; lost ${d.lost} (critical ${d.lostCritical}); duplicates ${d.dupes}`);
  bar(d.lostCritical === 0 && d.lost === 0 && d.firedDuringOutage > 0, 'the outbox held the alerts and flushed them: 0 critical lost, 0 lost');
}
