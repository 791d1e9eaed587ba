import { z } from 'zod';

// zod compiles object parsers with `new Function` when it may; the portal's content security policy forbids
// eval (scripts are 'self' only), and the probe alone would log a violation in every page.
z.config({ jitless: true });
