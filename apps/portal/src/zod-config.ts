import { z } from 'zod';

// zod compiles object parsers with `new Function` when it may; the portal's content security policy forbids
// eval (scripts are 'self' only), and the probe alone would log a violation in every page. This must run before any
// other module touches zod: keep the portal one chunk (no dynamic `import()`), or Vite moves zod into a shared chunk
// that is evaluated before this file.
z.config({ jitless: true });
