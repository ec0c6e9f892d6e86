// `express4` is an npm alias of express@4 installed for tests; @types/express (v5) describes both
// majors closely enough for building test apps, and the suite asserts behaviour, not types.
declare module 'express4' {
  import express = require('express');
  export = express;
}
