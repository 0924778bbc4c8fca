/** Severity orders how loud a message is (an alert, a summary, a notice); chats filter on a minimum severity. */
export type Severity = 'info' | 'warning' | 'critical';

/** SEVERITY_RANK maps a severity to a comparable number (higher is louder). */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
