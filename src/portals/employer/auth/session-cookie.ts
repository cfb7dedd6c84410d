// The employer portal's session cookie: `dsp-employer` (`__Host-dsp-employer` in production on https), made by
// the shared sessionCookie (src/platform/http/session-cookie.ts), which describes its format.
import { sessionCookie } from '../../../platform/http/session-cookie.ts';

const cookie = sessionCookie('dsp-employer');

export const sessionCookieName = cookie.name;
export const setSessionCookie = cookie.set;
export const clearSessionCookie = cookie.clear;
export const readSessionCookie = cookie.read;
