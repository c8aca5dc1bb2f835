import { InterruptedError } from '../errors.js';
import { terminalSafe } from '../output/plain.js';

/**
 * Asks a yes/no question on a terminal. The answer starts at No: a question that guards money must not be
 * answered yes by a stray Enter. Ctrl-C (or Escape) rejects with `InterruptedError` rather than answering no,
 * so that the command ends as an interrupted one does (exit 130).
 */
export async function askOnTerminal(
  message: string,
  streams: { input: NodeJS.ReadStream; output: NodeJS.WriteStream },
): Promise<boolean> {
  // Loaded when a question is asked: most commands never ask one, and every start would pay for it.
  const { confirm, isCancel } = await import('@clack/prompts');
  // It may name a pot or a merchant: shown, never obeyed by the terminal.
  const answer = await confirm({
    message: terminalSafe(message),
    initialValue: false,
    input: streams.input,
    output: streams.output,
  });
  if (isCancel(answer)) throw new InterruptedError('interrupted');
  return answer === true;
}
