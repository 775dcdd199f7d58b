/** ConversationState property counting turns in a row that failed (onTurnError resets the state at two). */
export const TURN_FAILURES = 'turnFailures';
