#!/usr/bin/env node
/* eslint-disable no-console -- a command-line tool prints to the terminal */
import { tokenFromArgs } from './token-args';

tokenFromArgs(process.argv.slice(2)).then(
  (token) => console.log(token),
  (error: Error) => {
    console.error(error.message);
    process.exit(2);
  },
);
