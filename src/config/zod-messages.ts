// zod/mini loads no locale, so every issue zod words itself would read "Invalid input". Importing this module loads
// zod's English messages once ("Unrecognized key: ...", "Too small: ..."), so the CLI and the functions' logs say
// the same thing. Every module that builds a schema imports it for that effect.
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());
