import type { PersonRequestWords } from '../knowledgeTypes.ts';
import { anyPhrase, WORD_END as END, WORD_START as START } from './normalise.ts';

/**
 * How far apart (characters, within a clause: no comma or bracket between) a request verb and the person may be:
 * "talk to someone", "get me a real human", but not "I can see it from here, someone is using it".
 */
const REQUEST_REACH = 30;

/**
 * Recognises a request for a person in normalised text from the vocabulary's word lists: a request verb then
 * a person ("can I speak to a technician"), a person alone ("agent please"), a person asked to act ("could
 * someone from the help desk call me"); never for a thing that is not a person ("vm agent", left out before the rest), and
 * not with a negator right before the request verb ("the pcs that didn't get the agent", "I don't need an agent").
 * Quotes around a name are left out first, so "put him in our 'Helpdesk' AD group" reads as the group it is.
 */
export function buildPersonRequest(words: PersonRequestWords, negators: readonly string[] = []): (normalisedText: string) => boolean {
  // Up to two determiners: "an actual person", "a real live human".
  const person = `(?:${anyPhrase(words.determiners)}\\s+){0,2}${anyPhrase(words.people)}`;
  const notNegated = negators.length > 0 ? `(?<!${START}(?:${anyPhrase(negators)}|\\p{L}+n't)\\s+)` : '';
  // A person's things are not the person ("need in now without killing someone's work"), but their help is ("I need
  // someone's help"): normalised text writes every apostrophe as '.
  const possessive = words.possessive;
  const notTheirThing = possessive
    ? `(?!${anyPhrase(possessive.endings)}${END}${possessive.stillAsks.length > 0 ? `(?!\\s+${anyPhrase(possessive.stillAsks)}${END})` : ''})`
    : '';
  const asks = new RegExp(
    [
      `${notNegated}${START}${anyPhrase(words.requests)}${END}[^.?!,;()]{0,${REQUEST_REACH}}${START}${person}${END}${notTheirThing}`,
      `^\\W*${person}\\W*${anyPhrase(words.aloneEndings)}?\\W*$`,
      `${START}${person},?\\s+${anyPhrase(words.politeness)}${END}`,
      `^${anyPhrase(words.openings)}${END}`,
    ].join('|'),
    'u',
  );
  const acts = new RegExp(
    `${START}${anyPhrase(words.askers)}\\s+${person}${END}[^.?!]{0,${REQUEST_REACH}}${START}${anyPhrase(words.actions)}${END}|${START}${anyPhrase(words.callMe)}${END}`,
    'u',
  );
  // "is raj from IT around?": someone of the help desk asked after.
  const present = words.present;
  const askedAfter = present
    ? new RegExp(`${START}${anyPhrase(present.askers)}\\s+${anyPhrase(present.people)}\\s+${anyPhrase(present.states)}${END}`, 'u')
    : undefined;
  const notAPerson = new RegExp(`${START}${anyPhrase(words.notAPerson)}${END}`, 'gu');
  return (text) => {
    // What is not a person is left out, not a veto: "our AV agent was updated last night, I need a technician" asks.
    const t = text.replace(/(?<![\p{L}\p{N}])['"]|['"](?![\p{L}\p{N}])/gu, '').replace(notAPerson, ' ');
    return asks.test(t) || acts.test(t) || askedAfter?.test(t) === true;
  };
}
