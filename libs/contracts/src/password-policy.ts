import { z } from 'zod';

/** The shortest password accepted (NIST SP 800-63B asks for 8 at least; a platform that opens desktops asks more). */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Words that top every list of breached passwords, and what people build on them. A password that is one of these
 * once its case, look-alike digits (`p@ssw0rd`) and leading or trailing digits and symbols (`Welcome2026!`) are
 * set aside is refused, however long the padding makes it.
 */
const COMMON_WORDS = new Set([
  'password',
  'passwort',
  'motdepasse',
  'contrasena',
  'qwerty',
  'qwertyuiop',
  'qwertz',
  'azerty',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'root',
  'toor',
  'changeme',
  'default',
  'secret',
  'login',
  'iloveyou',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'soccer',
  'hockey',
  'basketball',
  'sunshine',
  'princess',
  'master',
  'shadow',
  'superman',
  'batman',
  'trustno',
  'starwars',
  'whatever',
  'freedom',
  'michael',
  'jennifer',
  'charlie',
  'jordan',
  'hunter',
  'killer',
  'pokemon',
  'pepper',
  'ginger',
  'summer',
  'winter',
  'spring',
  'autumn',
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'monday',
  'friday',
  'sunday',
  'computer',
  'internet',
  'google',
  'microsoft',
  'windows',
  'linux',
  'ubuntu',
  'apple',
  'samsung',
  'cookie',
  'chocolate',
  'flower',
  'lovely',
  'loveme',
  'angel',
  'babygirl',
  'mustang',
  'harley',
  'ranger',
  'thomas',
  'robert',
  'daniel',
  'andrew',
  'joshua',
  'matthew',
  'ashley',
  'jessica',
  'nicole',
  'hannah',
  'purple',
  'orange',
  'yellow',
  'silver',
  'golden',
  'diamond',
  'matrix',
  'access',
  'master',
  'passport',
  'abc',
  'abcdef',
  'test',
  'testing',
  'guest',
  'user',
  'demo',
  'atrium',
  'kasm',
  'workspace',
  'workspaces',
  'desktop',
  'company',
  'office',
  'student',
  'teacher',
  'school',
  'college',
  'university',
  'hello',
  'helloworld',
  'goodbye',
  'love',
  'lover',
  'family',
  'forever',
  'letmeinnow',
  'opensesame',
  'nothing',
  'qazwsx',
  'qweasd',
  'qweasdzxc',
  'asdf',
  'zaq',
  'xsw',
  'aaa',
]);

/** Whole passwords of 12 or more characters seen most in breach lists (lower case). */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123123123123',
  '111111111111',
  '000000000000',
  '123456123456',
  '1q2w3e4r5t6y',
  '1q2w3e4r5t6y7u',
  '1qaz2wsx3edc',
  '1qaz2wsx3edc4rfv',
  'zaq12wsxcde3',
  'zaq1zaq1zaq1',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwerty123456',
  'qwe123qwe123',
  'asdfghjkl123',
  'asdf1234asdf',
  'abcd12345678',
  'abc123abc123',
  'abcdefghijkl',
  'abcdefgh1234',
  'aa123456789a',
  'a1b2c3d4e5f6',
  'password1234',
  'password12345',
  'passw0rd1234',
  'iloveyou1234',
  'welcome12345',
  'letmein12345',
  'changeme1234',
  'trustno11234',
  'qwertyqwerty',
  'asdfasdfasdf',
  'passwordpassword',
  'adminadmin12',
  'administrator1',
  'rootroot1234',
  'baseball1234',
  'football1234',
  'superman1234',
  'starwars1234',
  'dragondragon',
  'monkeymonkey',
  'princess1234',
  'sunshine1234',
  'whatever1234',
  'michael12345',
  'jennifer1234',
  'charlie12345',
  'computer1234',
  'internet1234',
  'p@ssw0rd1234',
  'p@$$w0rd1234',
  'q1w2e3r4t5y6',
  '1234qwerasdf',
  '1234qwer1234',
  'qwer1234qwer',
  '!qaz2wsx#edc',
  '!qaz@wsx#edc',
  '1q2w3e4r1q2w3e4r',
  '987654321098',
]);

const LOOK_ALIKES: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

/** The word under the padding: lower case, look-alikes undone, digits and symbols at either end removed. */
function baseWord(password: string): string {
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^a-z@$]+|[^a-z@$]+$/g, '');
  return [...core].map((char) => LOOK_ALIKES[char] ?? char).join('');
}

/** One short unit repeated (`aaaaaaaaaaaa`, `abcabcabcabc`, `12341234…`). */
const isRepetition = (password: string) => /^(.{1,4})\1+$/.test(password);

/** A straight run of the alphabet, the digits or a keyboard row, either way (`123456789012` counts as one). */
function isSequence(password: string): boolean {
  const runs = ['abcdefghijklmnopqrstuvwxyz', '0123456789'.repeat(3), 'qwertyuiopasdfghjklzxcvbnm', 'qwertzuiopasdfghjklyxcvbnm', 'azertyuiopqsdfghjklmwxcvbn'];
  const lower = password.toLowerCase();
  return runs.some((run) => run.includes(lower) || [...run].reverse().join('').includes(lower));
}

/** Why a password is too easy to guess, or undefined when it is not. */
export function passwordWeakness(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || COMMON_WORDS.has(baseWord(password))) return 'is one of the most common passwords; choose another';
  if (isRepetition(password) || isSequence(password)) return 'is a repetition or a sequence; choose another';
  return undefined;
}

/** A new password: long enough, and not one of the first that an attacker tries. */
export const newPasswordSchema = z
  .string()
  .max(1024)
  .superRefine((password, context) => {
    const weakness = passwordWeakness(password);
    if (weakness) context.addIssue({ code: z.ZodIssueCode.custom, message: weakness });
  });
