import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor give up after 1 s by default; full MUI renders on a busy
// shared 2-core machine can take longer. This is patience, not a timing check.
configure({ asyncUtilTimeout: 5000 });
