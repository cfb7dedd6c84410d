// The employee portal's session cookie: `dsp-employee` (`__Host-dsp-employee` in production on https), made by
// the shared sessionCookie (src/platform/http/session-cookie.ts), which describes its format.
import { sessionCookie } from '../../../platform/http/session-cookie.ts';

const cookie = sessionCookie('dsp-employee');

export const sessionCookieName = cookie.name;
export const setSessionCookie = cookie.set;
export const clearSessionCookie = cookie.clear;
export const readSessionCookie = cookie.read;
