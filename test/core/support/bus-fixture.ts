import { Bus, type DeadLetter, type MailboxKind, VirtualClock } from './core.js';
import { RecordingMailbox } from './recording-mailbox.js';

/** A bus on a virtual clock with its dead letters collected, and a way to add recording mailboxes. */
export function busFixture(options: { readonly sliceSize?: number } = {}) {
  const clock = new VirtualClock();
  const bus = new Bus({ clock, ...options });
  const deadLetters: DeadLetter[] = [];
  bus.deadLetters$.subscribe((letter) => deadLetters.push(letter));
  const box = (id: string, kind: MailboxKind = 'agent', capacity?: number) => {
    const mailbox = new RecordingMailbox(id, kind, capacity);
    bus.register(mailbox);
    return mailbox;
  };
  const reasons = () => deadLetters.map((d) => d.reason);
  return { clock, bus, deadLetters, box, reasons };
}
