// OpenID4VP 1.0 protocol messages and rules for the verifier: DCQL queries from the catalogue,
// signed Request Objects, parsing responses, and the jwt_vc_json holder proof. Pure.
export * from './create-dcql-query.ts';
export * from './create-request-object.ts';
export * from './parse-authorization-response.ts';
export * from './verify-vp-jwt.ts';
