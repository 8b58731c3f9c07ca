// This file is generated from openapi/openapi.yaml by packages/contract/scripts/generate.mjs.
// Do not edit it by hand: change the YAML and run `npm run contract:generate`.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and database reachability */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The regulator's public signing keys
         * @description Ed25519 public keys (JWK, `OKP`/`Ed25519`) that sign webhooks, receipts and
         *     decisions. Several keys may be listed during a rotation; pick by `kid`.
         */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/districts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The districts this deployment serves
         * @description County-level divisions with their GB/T 2260 codes; tips and shops name one of them.
         */
        get: operations["listDistricts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/staff/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log in as staff
         * @description Exchanges an email and password for a short-lived bearer token. A wrong email
         *     and a wrong password get the same answer. Attempts are rate-limited per account
         *     and per client address.
         */
        post: operations["createStaffSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/staff/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who am I */
        get: operations["getCurrentStaff"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description RFC 9457 problem details. Never carries personal data or stack traces. */
        Problem: {
            /**
             * @description A URI reference naming the problem type (see `docs/errors.md`).
             * @example https://ezhili.dev/problems/validation
             */
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            /** @description A stable machine-readable code, e.g. `validation`, `not_found`. */
            code?: string;
            /** @description The `X-Request-Id` of the request, for support. */
            requestId?: string;
            /** @description Individual validation failures. */
            errors?: components["schemas"]["ProblemFieldError"][];
        } & {
            [key: string]: unknown;
        };
        ProblemFieldError: {
            /** @description JSON Pointer (or `#/query/x`, `#/header/x`, `#/row/N`) to the bad value. */
            pointer: string;
            detail: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "degraded";
            /** @enum {string} */
            database: "ok" | "unreachable";
            version: string;
            /** Format: date-time */
            time: string;
        };
        Jwk: {
            kty: string;
            kid: string;
            crv?: string;
            x?: string;
            y?: string;
            n?: string;
            e?: string;
            alg?: string;
            use?: string;
        } & {
            [key: string]: unknown;
        };
        Jwks: {
            keys: components["schemas"]["Jwk"][];
        };
        /** @description A six-digit administrative division code (GB/T 2260), e.g. `350102` (Gulou, Fuzhou). */
        DistrictCode: string;
        District: {
            code: components["schemas"]["DistrictCode"];
            nameZh: string;
            nameEn: string;
            cityCode: components["schemas"]["DistrictCode"];
        };
        /** @enum {string} */
        StaffRole: "intake" | "district_handler" | "detachment_handler" | "reward_committee" | "finance" | "auditor" | "admin";
        StaffLogin: {
            /** Format: email */
            email: string;
            password: string;
        };
        StaffSession: {
            token: string;
            /** @constant */
            tokenType: "Bearer";
            /** Format: date-time */
            expiresAt: string;
            staff: components["schemas"]["StaffMember"];
        };
        StaffMember: {
            id: string;
            email: string;
            displayName: string;
            roles: components["schemas"]["StaffRole"][];
            /** @description The district a `district_handler` is bound to; null otherwise. */
            districtCode: components["schemas"]["DistrictCode"] | null;
        };
    };
    responses: {
        /** @description An RFC 9457 problem document. */
        Problem: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Too many attempts; retry after the given number of seconds. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /**
         * @description A unique key (1–255 printable characters) per logical operation. Retries with the
         *     same key and body return the first response; a different body is a `409`.
         */
        IdempotencyKey: string;
        /** @description Opaque cursor from a previous page's `nextCursor`. */
        Cursor: string;
        Limit: number;
    };
    requestBodies: never;
    headers: {
        CacheControl: string;
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is up and its database answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description The server is up but its database does not answer. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            "4XX": components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The JSON Web Key Set. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Jwks"];
                };
            };
            "4XX": components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    listDistricts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All districts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["District"][];
                    };
                };
            };
            "4XX": components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    createStaffSession: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A unique key (1–255 printable characters) per logical operation. Retries with the
                 *     same key and body return the first response; a different body is a `409`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StaffLogin"];
            };
        };
        responses: {
            /** @description A session token. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffSession"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getCurrentStaff: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The authenticated staff member and their roles. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaffMember"];
                };
            };
            401: components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
}
