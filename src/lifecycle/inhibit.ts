import type { AlertEvent } from '../alerts/types.js';

/**
 * isInhibited says whether an alert a cascade explains (the cascade rule set its `cascadeId`) is kept from
 * a chat as a post of its own because that chat got the cascade message: it is folded into it instead
 * (DESIGN §4, cascade). A chat the cascade never reached gets the alert on its own.
 */
export function isInhibited(a: AlertEvent, cascadeReachedChat: () => boolean): boolean {
  return a.cascadeId !== undefined && a.kind !== 'cascade' && cascadeReachedChat();
}
