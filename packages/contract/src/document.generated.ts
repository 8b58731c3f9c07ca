// This file is generated from openapi/openapi.yaml by packages/contract/scripts/generate.mjs.
// Do not edit it by hand: change the YAML and run `npm run contract:generate`.

import type { OpenApiDocument } from './document.js';

export const openapiDocument: OpenApiDocument = {
  "openapi": "3.1.0",
  "info": {
    "title": "ezhili — online food delivery co-governance API",
    "version": "0.1.0",
    "summary": "One channel for regulators, delivery platforms and food-service workers.",
    "description": "The contract of the ezhili reference regulator server and of `@ezhili/sdk`.\n\n* Staff (regulator officials) authenticate with a short-lived bearer JWT from\n  `createStaffSession`, or with a token from the deployment's OIDC provider.\n* Reporters (food-service workers) authenticate with a reporter session token, or\n  follow a tip anonymously with its identity code and receipt secret.\n* Delivery platforms sign every request with a detached JWS (RFC 7797) in the\n  `Ezhili-Signature` header; see `docs/platform-integration.md`.\n\nEvery error is an RFC 9457 problem document (`application/problem+json`).\nEvery `POST` accepts an `Idempotency-Key` header: a retry with the same key and the\nsame body returns the stored response and creates nothing new; the same key with a\ndifferent body is refused with `409` (multipart uploads match on the key alone; see the\nparameter).\n\nEvery response header is declared on its operation and status, except those that say\nnothing about the operation: HTTP framing (`Content-Type`, `Content-Length`,\n`Content-Encoding`, `Date`, `Connection`, `Keep-Alive`, `Transfer-Encoding`, `Vary`),\nCORS (`Access-Control-Allow-Origin`, `-Allow-Credentials`, `-Expose-Headers`), the\nsecurity headers on every answer (`Strict-Transport-Security`, `X-Content-Type-Options`,\n`X-Frame-Options`, `Referrer-Policy`, `Origin-Agent-Cluster`, `X-DNS-Prefetch-Control`,\n`X-Download-Options`, `X-Permitted-Cross-Domain-Policies`, `X-XSS-Protection`), and the\nconsole session's `Ezhili-Session-Expires-In` (see the `consoleSession` scheme). With\nresponse validation on (tests, development) the server answers `500 contract_violation`\nrather than send an undeclared header.\n",
    "license": {
      "name": "Apache-2.0",
      "identifier": "Apache-2.0"
    },
    "contact": {
      "name": "ezhili maintainers",
      "url": "https://ezhili.example/docs"
    }
  },
  "servers": [
    {
      "url": "http://localhost:8787",
      "description": "Local demo server (`npm start`)"
    }
  ],
  "security": [],
  "tags": [
    {
      "name": "system",
      "description": "Health, keys and the contract itself."
    },
    {
      "name": "staff",
      "description": "Regulator staff sessions and roles."
    },
    {
      "name": "reference",
      "description": "Reference data (districts)."
    },
    {
      "name": "partners",
      "description": "Partner and employer apps that embed the whistleblow widget, with the origins allowed\nto frame it (`frame-ancestors`). See `docs/widget.md`.\n"
    },
    {
      "name": "tips",
      "description": "Whistleblower tips: submission (JSON or multipart with evidence), the identity code,\nthe receipt secret and the signed receipt; the reporter's view of the case and messages.\n"
    },
    {
      "name": "reporters",
      "description": "Reporter accounts: registration with the identity sealed at once, login, and\nself-service on one's own details. See `docs/whistleblower-protection.md`.\n"
    },
    {
      "name": "cases",
      "description": "Case handling by regulator staff: intake triage, routing to a district bureau or the\ncity enforcement detachment, investigation, closure, notes and messages. Staff see the\nidentity code only, never the reporter.\n"
    },
    {
      "name": "audit",
      "description": "The append-only, hash-chained audit log."
    },
    {
      "name": "metrics",
      "description": "Aggregate figures without personal data."
    },
    {
      "name": "platforms",
      "description": "Delivery platforms, their keys and webhook endpoints."
    },
    {
      "name": "leads",
      "description": "Violation leads between the regulator and platforms (signed both ways)."
    },
    {
      "name": "relisting",
      "description": "Relisting requests for shops taken down after a violation."
    },
    {
      "name": "scorecards",
      "description": "Platform scorecards and yellow/red cards."
    },
    {
      "name": "rewards",
      "description": "Rewards for confirmed reports, paid without the reporter appearing: rules as data,\nclaim, proposal, determination, payout approval. See `docs/rewards.md`.\n"
    },
    {
      "name": "unseal",
      "description": "Opening a reporter's sealed identity for an audit: k of n auditors' key shares, a legal\nbasis, a one-time result, and a notice to the reporter. See `docs/audit-unseal.md`.\n"
    },
    {
      "name": "shops",
      "description": "The shop registry: platforms push their listings (signed feeds); anyone can search\nknown shops by name (the whistleblow widget's picker). See `docs/risk-index.md`.\n"
    },
    {
      "name": "inspection-tasks",
      "description": "Shops the risk index points officials at: a prioritised list per district bureau (or the\ncity enforcement detachment), each with the explanation of its score, completed with the\ninspection's outcome. See `docs/risk-index.md` § \"Inspection tasks\".\n"
    },
    {
      "name": "risk",
      "description": "The risk index: inspection records in, an indicator model as data, scoring runs with\nper-indicator contributions, calibration and backtests. See `docs/risk-index.md`.\n"
    }
  ],
  "paths": {
    "/healthz": {
      "get": {
        "operationId": "getHealth",
        "tags": [
          "system"
        ],
        "summary": "Liveness and database reachability",
        "description": "Answers 200 while the process runs and its database answers; 503 when the database cannot be reached, so a load balancer stops sending traffic. Public, and says nothing about the data.",
        "security": [],
        "responses": {
          "200": {
            "description": "The server is up and its database answers.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                },
                "example": {
                  "status": "ok",
                  "database": "ok",
                  "version": "0.1.0",
                  "time": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "503": {
            "description": "The server is up but its database does not answer.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "getContract",
        "tags": [
          "system"
        ],
        "summary": "This contract, as JSON",
        "description": "The OpenAPI 3.1 document the server runs on (the same as `openapi/openapi.yaml` of its\nversion): generate a client from it, or read `x-roles` to see who may call what. Public.\n`/openapi.yaml` serves the same document as YAML (`getContractYaml`); `/docs` renders it.\n",
        "security": [],
        "responses": {
          "200": {
            "description": "The OpenAPI document.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/OpenApiDocument"
                },
                "example": {
                  "openapi": "3.1.0",
                  "info": {
                    "title": "ezhili — online food delivery co-governance API",
                    "version": "0.1.0"
                  },
                  "paths": {}
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/openapi.yaml": {
      "get": {
        "operationId": "getContractYaml",
        "tags": [
          "system"
        ],
        "summary": "This contract, as YAML",
        "description": "The same document as `/openapi.json` (`getContract`), as the YAML source it was generated from. Public.",
        "security": [],
        "responses": {
          "200": {
            "description": "The OpenAPI document as YAML.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/yaml": {
                "schema": {
                  "type": "string"
                },
                "example": "openapi: 3.1.0\ninfo:\n  title: ezhili — online food delivery co-governance API\n"
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/.well-known/jwks.json": {
      "get": {
        "operationId": "getJwks",
        "tags": [
          "system"
        ],
        "summary": "The regulator's public signing keys",
        "description": "Ed25519 public keys (JWK, `OKP`/`Ed25519`) that sign webhooks, receipts and\ndecisions. Several keys may be listed during a rotation; pick by `kid`.\n",
        "security": [],
        "responses": {
          "200": {
            "description": "The JSON Web Key Set.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Jwks"
                },
                "example": {
                  "keys": [
                    {
                      "kty": "OKP",
                      "kid": "key_2026_01",
                      "crv": "Ed25519",
                      "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                      "alg": "EdDSA",
                      "use": "sig"
                    }
                  ]
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/districts": {
      "get": {
        "operationId": "listDistricts",
        "tags": [
          "reference"
        ],
        "summary": "The districts this deployment serves",
        "description": "County-level divisions with their GB/T 2260 codes; tips and shops name one of them.",
        "security": [],
        "responses": {
          "200": {
            "description": "All districts.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/District"
                      }
                    }
                  },
                  "additionalProperties": false
                },
                "example": {
                  "items": [
                    {
                      "code": "350102",
                      "nameZh": "鼓楼区",
                      "nameEn": "Gulou District",
                      "cityCode": "350102"
                    }
                  ]
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/staff/sessions": {
      "post": {
        "operationId": "createStaffSession",
        "tags": [
          "staff"
        ],
        "summary": "Log in as staff",
        "description": "Exchanges an email and password for a short-lived bearer token. A wrong email\nand a wrong password get the same answer. Attempts are rate-limited per account\nand per client address.\n",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/StaffLogin"
              },
              "example": {
                "email": "intake@demo.local",
                "password": "demo"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "A session token.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/StaffSession"
                },
                "example": {
                  "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGZfMDEifQ.c2lnbmF0dXJl",
                  "tokenType": "Bearer",
                  "expiresAt": "2026-01-05T08:00:00.000Z",
                  "staff": {
                    "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "email": "intake@demo.local",
                    "displayName": "Intake Officer",
                    "roles": [
                      "intake"
                    ],
                    "districtCode": "350102"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/staff/console-sessions": {
      "post": {
        "operationId": "createConsoleSession",
        "tags": [
          "staff"
        ],
        "summary": "Sign in to the console (cookie session)",
        "description": "Exchanges a staff email and password for a console session held in a cookie\n(`ezhili_console`: `HttpOnly`, `SameSite=Strict`, `Path=/console/api`, `Secure` behind\nTLS), so page scripts never see the token. The console reaches the API under\n`/console/api` (the same operations with that prefix); the cookie is sent there only.\nThe answer carries the CSRF token that every cookie-authenticated unsafe request must\necho in `X-Ezhili-CSRF` (and such requests must come from the server's own origin).\nA request from another origin is refused (`403 origin_not_allowed`). The session\nends after `idleTimeoutSeconds` without a request and at `expiresAt` in any case.\nA wrong email and a wrong password get the same answer; attempts are rate-limited\nas for `createStaffSession`. Roles: any staff role (the credentials decide).\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/StaffLogin"
              },
              "examples": {
                "intake": {
                  "value": {
                    "email": "intake@demo.local",
                    "password": "demo"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The session; its token is only in the `Set-Cookie` header.",
            "headers": {
              "Set-Cookie": {
                "description": "`ezhili_console=<token>; Path=/console/api; HttpOnly; SameSite=Strict; Max-Age=<absolute lifetime>` (`; Secure` behind TLS).",
                "schema": {
                  "type": "string"
                }
              },
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ConsoleSession"
                },
                "examples": {
                  "signedIn": {
                    "value": {
                      "staff": {
                        "id": "stf_01JQ7Z1A2B3C4D5E6F7G8H9J0K",
                        "email": "intake@demo.local",
                        "displayName": "Intake officer (demo)",
                        "roles": [
                          "intake"
                        ],
                        "districtCode": null
                      },
                      "csrfToken": "3q2-7wXk9hV1mZb0N4cR8sT6uY2eL5aP",
                      "source": "local",
                      "idleTimeoutSeconds": 900,
                      "idleExpiresAt": "2026-03-02T09:15:00.000Z",
                      "expiresAt": "2026-03-02T17:00:00.000Z"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "description": "The email or password is wrong.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "wrongPassword": {
                    "value": {
                      "type": "https://ezhili.org/problems/invalid_credentials",
                      "title": "Unauthorized",
                      "status": 401,
                      "code": "invalid_credentials",
                      "detail": "The email or password is wrong."
                    }
                  }
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/staff/console-sessions/current": {
      "get": {
        "operationId": "getConsoleSession",
        "tags": [
          "staff"
        ],
        "summary": "The current console session, its CSRF token and time left",
        "description": "For the console after a page load: who is signed in, the CSRF token to send in\n`X-Ezhili-CSRF`, and when the session expires. Like every cookie-authenticated request\nit counts as activity (the idle clock restarts); every such response also carries\n`Ezhili-Session-Expires-In` (seconds until idle expiry, capped by the absolute\nexpiry), which the console reads to warn before it signs the user out.\nSent with `Cache-Control: no-store`. Roles: any staff role.\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "consoleSession": []
          }
        ],
        "responses": {
          "200": {
            "description": "The session.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "Ezhili-Session-Expires-In": {
                "$ref": "#/components/headers/SessionExpiresIn"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ConsoleSession"
                },
                "examples": {
                  "signedIn": {
                    "value": {
                      "staff": {
                        "id": "stf_01JQ7Z1A2B3C4D5E6F7G8H9J0K",
                        "email": "intake@demo.local",
                        "displayName": "Intake officer (demo)",
                        "roles": [
                          "intake"
                        ],
                        "districtCode": null
                      },
                      "csrfToken": "3q2-7wXk9hV1mZb0N4cR8sT6uY2eL5aP",
                      "source": "local",
                      "idleTimeoutSeconds": 900,
                      "idleExpiresAt": "2026-03-02T09:15:00.000Z",
                      "expiresAt": "2026-03-02T17:00:00.000Z"
                    }
                  }
                }
              }
            }
          },
          "401": {
            "description": "No session, or it expired (idle or absolute) or was ended.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "expired": {
                    "value": {
                      "type": "https://ezhili.org/problems/session_expired",
                      "title": "Unauthorized",
                      "status": 401,
                      "code": "session_expired",
                      "detail": "The console session has expired; sign in again."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteConsoleSession",
        "tags": [
          "staff"
        ],
        "summary": "Sign out of the console",
        "description": "Ends the session on the server (the cookie stops working everywhere it was copied)\nand clears the cookie. Needs the CSRF header like every unsafe cookie request.\nRoles: any staff role.\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "consoleSession": []
          }
        ],
        "responses": {
          "204": {
            "description": "The session has ended; the cookie is cleared.",
            "headers": {
              "Set-Cookie": {
                "description": "`ezhili_console=; Path=/console/api; HttpOnly; SameSite=Strict; Max-Age=0`.",
                "schema": {
                  "type": "string"
                }
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "description": "The CSRF header is missing or wrong, or the request came from another origin.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "csrf": {
                    "value": {
                      "type": "https://ezhili.org/problems/csrf_failed",
                      "title": "Forbidden",
                      "status": 403,
                      "code": "csrf_failed",
                      "detail": "Send the session's CSRF token in X-Ezhili-CSRF."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/staff/console-sessions/oidc": {
      "get": {
        "operationId": "startConsoleOidcSignIn",
        "tags": [
          "staff"
        ],
        "summary": "Sign in to the console through the identity provider (OIDC)",
        "description": "A browser navigation, not an API call: redirects to the deployment's OpenID Connect\nprovider (authorization code flow with PKCE `S256`, `state` and `nonce`), keeping\nthe flow's secrets in a short-lived encrypted `HttpOnly` cookie. `404\noidc_not_configured` when the deployment has no provider (`OIDC_ISSUER` and\n`OIDC_CLIENT_ID`). Roles: any staff role (the provider's claims decide).\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [],
        "responses": {
          "303": {
            "description": "To the provider's authorization endpoint.",
            "headers": {
              "Location": {
                "$ref": "#/components/headers/Location"
              },
              "Set-Cookie": {
                "description": "The flow's sealed state (`ezhili_oidc_flow`, `HttpOnly`, `SameSite=Lax`, a few minutes), read back by `completeConsoleOidcSignIn`.",
                "schema": {
                  "type": "string"
                }
              },
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            }
          },
          "404": {
            "description": "No identity provider is configured.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "notConfigured": {
                    "value": {
                      "type": "https://ezhili.org/problems/oidc_not_configured",
                      "title": "Not Found",
                      "status": 404,
                      "code": "oidc_not_configured",
                      "detail": "This deployment has no identity provider for the console."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/staff/console-sessions/oidc/callback": {
      "get": {
        "operationId": "completeConsoleOidcSignIn",
        "tags": [
          "staff"
        ],
        "summary": "The identity provider's redirect back (OIDC callback)",
        "description": "Checks `state` against the flow cookie, redeems the code with the PKCE verifier at the\nprovider's token endpoint, verifies the ID token (issuer, audience = client id, nonce,\nsignature through the provider's JWKS), and opens a console session from its claims\n(roles from `OIDC_ROLES_CLAIM`, district from `OIDC_DISTRICT_CLAIM`); then redirects\nto `/console/`. A provider error, a wrong state or a token that fails a check is\nrefused (`401 oidc_failed`) and opens nothing. Roles: any staff role.\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [],
        "parameters": [
          {
            "name": "code",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 2048
            }
          },
          {
            "name": "state",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 256
            }
          },
          {
            "name": "error",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 256
            }
          },
          {
            "name": "error_description",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 1024
            }
          },
          {
            "name": "iss",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 1024
            }
          }
        ],
        "responses": {
          "303": {
            "description": "Signed in; to the console.",
            "headers": {
              "Location": {
                "$ref": "#/components/headers/Location"
              },
              "Set-Cookie": {
                "description": "The console session cookie (as for `createConsoleSession`).",
                "schema": {
                  "type": "string"
                }
              },
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            }
          },
          "401": {
            "description": "The sign-in failed a check.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "wrongState": {
                    "value": {
                      "type": "https://ezhili.org/problems/oidc_failed",
                      "title": "Unauthorized",
                      "status": 401,
                      "code": "oidc_failed",
                      "detail": "The sign-in could not be completed (state does not match); start again."
                    }
                  }
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/staff/me": {
      "get": {
        "operationId": "getCurrentStaff",
        "tags": [
          "staff"
        ],
        "summary": "Who am I",
        "description": "The staff member the bearer token belongs to: id, name, roles and (for a district handler) district. The console calls it after sign-in to decide what to show. Roles: any staff member (`intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`).",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "The authenticated staff member and their roles.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/StaffMember"
                },
                "example": {
                  "id": "stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "email": "intake@demo.local",
                  "displayName": "Intake Officer",
                  "roles": [
                    "intake"
                  ],
                  "districtCode": "350102"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/partners": {
      "get": {
        "operationId": "listPartners",
        "tags": [
          "partners"
        ],
        "summary": "List the partner apps allowed to embed the widget",
        "description": "Every partner app registered to embed the whistleblow widget, with the origins it may embed from. Roles: `admin`.",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "Every registered partner.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Partner"
                      }
                    }
                  },
                  "additionalProperties": false
                },
                "example": {
                  "items": [
                    {
                      "id": "employer-app",
                      "name": "闽江面馆 Minjiang Noodle House",
                      "allowedOrigins": [
                        "https://app.example-employer.cn"
                      ],
                      "enabled": false,
                      "createdAt": "2026-01-05T08:00:00.000Z",
                      "updatedAt": "2026-01-05T08:00:00.000Z"
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "registerPartner",
        "tags": [
          "partners"
        ],
        "summary": "Register a partner app and the origins allowed to embed the widget",
        "description": "Admins only. The widget's embed pages (`/embed/tip?partner=<id>`) send\n`Content-Security-Policy: frame-ancestors` with exactly these origins, so only the\npartner's own pages can frame the form. `http` origins are accepted for `localhost`\nand `127.0.0.1` only; a port of `*` matches any port.\nRoles: `admin`.\n",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PartnerRegistration"
              },
              "example": {
                "id": "employer-app",
                "name": "闽江面馆 Minjiang Noodle House",
                "allowedOrigins": [
                  "https://app.example-employer.cn"
                ]
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The partner was registered.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Partner"
                },
                "example": {
                  "id": "employer-app",
                  "name": "闽江面馆 Minjiang Noodle House",
                  "allowedOrigins": [
                    "https://app.example-employer.cn"
                  ],
                  "enabled": false,
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "updatedAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/partners/referrals": {
      "get": {
        "operationId": "getReferralCounts",
        "tags": [
          "partners"
        ],
        "summary": "Tips per partner and entry point (splash, banner, in-app), small counts withheld",
        "description": "How many tips each partner's entry points brought in, counted only as monthly totals\n(a tip itself records neither), for complete calendar months from `from` to `to`\n(`YYYY-MM`; default every complete month). The current month is never shown, so a new\ntip cannot be matched to a counter that just moved; a count from 1 to\n`minimumCount - 1` (`TRANSPARENCY_MIN_COUNT`) is null. Roles: `admin`, `auditor`.\n",
        "x-roles": [
          "admin",
          "auditor"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "from",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{4}-[0-9]{2}$"
            }
          },
          {
            "name": "to",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{4}-[0-9]{2}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The counts.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ReferralCounts"
                },
                "examples": {
                  "counts": {
                    "value": {
                      "from": "2026-01",
                      "to": "2026-02",
                      "minimumCount": 5,
                      "items": [
                        {
                          "partnerId": "demo-delivery",
                          "entryPoint": "splash",
                          "tips": 17
                        },
                        {
                          "partnerId": "demo-delivery",
                          "entryPoint": "banner",
                          "tips": null
                        }
                      ]
                    }
                  }
                }
              }
            }
          },
          "400": {
            "description": "A reversed period.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "reversed": {
                    "value": {
                      "type": "https://ezhili.org/problems/invalid_period",
                      "title": "Bad Request",
                      "status": 400,
                      "code": "invalid_period",
                      "detail": "`from` must not be after `to`."
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/Problem"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/partners/{partnerId}/entry-points": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PartnerId"
        }
      ],
      "get": {
        "operationId": "getPartnerEntryPoints",
        "tags": [
          "partners"
        ],
        "summary": "Deep links and QR codes (SVG) for a partner's splash screen, banner and in-app entry",
        "description": "One link per entry point to the report form on this server (`/embed/tip?partner=…&entry=…`),\nand the same link as a QR code in SVG, for the partner to print or show. Tips that arrive\nthrough a link are counted per partner and entry point in monthly totals only\n(`getReferralCounts`). Roles: `admin`.\n",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "The links.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PartnerEntryPoints"
                },
                "examples": {
                  "links": {
                    "value": {
                      "partnerId": "demo-delivery",
                      "items": [
                        {
                          "entryPoint": "splash",
                          "url": "https://report.example.gov.cn/embed/tip?partner=demo-delivery&entry=splash",
                          "qrSvg": "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 37 37\"><path d=\"M4 4h7v7H4z\"/></svg>"
                        }
                      ]
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "description": "No such partner.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "unknown": {
                    "value": {
                      "type": "https://ezhili.org/problems/partner_not_found",
                      "title": "Not Found",
                      "status": 404,
                      "code": "partner_not_found",
                      "detail": "No such partner."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/Problem"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/partners/{partnerId}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PartnerId"
        }
      ],
      "patch": {
        "operationId": "updatePartner",
        "tags": [
          "partners"
        ],
        "summary": "Change a partner's name or allowed origins, or disable it",
        "description": "A disabled partner's embed pages refuse to load (`frame-ancestors 'none'`). Roles: `admin`.",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PartnerUpdate"
              },
              "example": {
                "name": "闽江面馆 Minjiang Noodle House",
                "allowedOrigins": [
                  "https://app.example-employer.cn"
                ],
                "enabled": false
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The partner as updated.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Partner"
                },
                "example": {
                  "id": "employer-app",
                  "name": "闽江面馆 Minjiang Noodle House",
                  "allowedOrigins": [
                    "https://app.example-employer.cn"
                  ],
                  "enabled": false,
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "updatedAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/reporter/accounts": {
      "post": {
        "operationId": "registerReporter",
        "tags": [
          "reporters"
        ],
        "summary": "Register a reporter account (identity sealed at once)",
        "description": "Takes the real name, resident ID number (GB 11643, check character verified), mainland\nmobile number, bank account and a passphrase. The identity is encrypted the moment it\narrives into a payout envelope (opened only by the payout module) and an audit\nenvelope sealed to the audit public key; no column holds it in the clear. Returns a\nfirst session. Registering a phone number that already has an account does not say\nso (registration cannot reveal whether someone is a reporter); log in with the\nphone and passphrase afterwards. Registrations are rate-limited per client address.\nSee `docs/whistleblower-protection.md`.\n",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ReporterRegistration"
              },
              "example": {
                "realName": "张三 (example)",
                "residentId": "35010219900101123X",
                "phone": "13800000000",
                "bankAccount": {
                  "bankName": "Bank of Fuzhou",
                  "accountNumber": "6222020000000000000",
                  "accountName": "张三 (example)"
                },
                "passphrase": "correct horse battery staple"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The account exists; a session for it.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ReporterSession"
                },
                "example": {
                  "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGZfMDEifQ.c2lnbmF0dXJl",
                  "tokenType": "Bearer",
                  "expiresAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/reporter/sessions": {
      "post": {
        "operationId": "createReporterSession",
        "tags": [
          "reporters"
        ],
        "summary": "Log in as a reporter",
        "description": "Exchanges a phone number and passphrase for an opaque bearer token (use it with the\n`reporterSession` scheme). A wrong phone number and a wrong passphrase get the same\nanswer; attempts are rate-limited per phone number and per client address.\n",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ReporterLogin"
              },
              "example": {
                "phone": "13800000000",
                "passphrase": "correct horse battery staple"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "A session token.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ReporterSession"
                },
                "example": {
                  "token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGZfMDEifQ.c2lnbmF0dXJl",
                  "tokenType": "Bearer",
                  "expiresAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/reporter/sessions/current": {
      "delete": {
        "operationId": "deleteReporterSession",
        "tags": [
          "reporters"
        ],
        "summary": "Log out (end this reporter session)",
        "description": "Ends the reporter session whose token is sent: the token stops working at once. The account, its tips and its other sessions are untouched.",
        "security": [
          {
            "reporterSession": []
          }
        ],
        "responses": {
          "204": {
            "description": "The session has ended.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/reporter/profile": {
      "get": {
        "operationId": "getReporterProfile",
        "tags": [
          "reporters"
        ],
        "summary": "The reporter's own registered details",
        "description": "Decrypted for the logged-in reporter alone (never for staff); each view is recorded\nin the audit log without the details. Sent with `Cache-Control: no-store`.\n",
        "security": [
          {
            "reporterSession": []
          }
        ],
        "responses": {
          "200": {
            "description": "The reporter's details.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ReporterProfile"
                },
                "example": {
                  "realName": "张三 (example)",
                  "residentId": "reside_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "phone": "13800000000",
                  "bankAccount": {
                    "bankName": "Bank of Fuzhou",
                    "accountNumber": "6222020000000000000",
                    "accountName": "张三 (example)"
                  },
                  "registeredAt": "2026-01-05T08:00:00.000Z",
                  "updatedAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "updateReporterProfile",
        "tags": [
          "reporters"
        ],
        "summary": "Change one's own details or passphrase",
        "description": "Every change needs the current passphrase, so a stolen session alone cannot redirect\na reward to another bank account. The identity is sealed again as a new version\n(earlier audit envelopes are kept); a new passphrase ends the account's other\nsessions. Wrong passphrases count towards the login rate limit.\n",
        "security": [
          {
            "reporterSession": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ReporterProfileUpdate"
              },
              "example": {
                "currentPassphrase": "correct horse battery staple",
                "realName": "张三 (example)",
                "residentId": "35010219900101123X",
                "phone": "13800000000",
                "bankAccount": {
                  "bankName": "Bank of Fuzhou",
                  "accountNumber": "6222020000000000000",
                  "accountName": "张三 (example)"
                },
                "newPassphrase": "tr0ub4dor and three more words"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The details as now registered.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ReporterProfile"
                },
                "example": {
                  "realName": "张三 (example)",
                  "residentId": "reside_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "phone": "13800000000",
                  "bankAccount": {
                    "bankName": "Bank of Fuzhou",
                    "accountNumber": "6222020000000000000",
                    "accountName": "张三 (example)"
                  },
                  "registeredAt": "2026-01-05T08:00:00.000Z",
                  "updatedAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/tips": {
      "post": {
        "operationId": "submitTip",
        "tags": [
          "tips"
        ],
        "summary": "Submit a tip, optionally with evidence files",
        "description": "Anonymous, or with a reporter session (the tip is then linked to the account; staff\nnever see the link). Send `application/json` (no evidence), or\n`multipart/form-data` with a `tip` part holding the same JSON and up to N `evidence`\nfile parts (photos, videos). Evidence is streamed: its type is sniffed from the bytes,\nmetadata is stripped, and it is hashed and encrypted at rest. A failed submission\nstores nothing. For multipart bodies the `Idempotency-Key` matches on the key alone.\n\nThe response carries the identity code, the receipt secret (shown only this once)\nand a regulator-signed receipt (compact JWS, EdDSA) verifiable with\n`/.well-known/jwks.json`.\n",
        "security": [
          {},
          {
            "reporterSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TipSubmission"
              },
              "example": {
                "description": "Raw meat stored next to cooked food in the kitchen.",
                "shop": {
                  "platformId": "plt_demo",
                  "platformShopId": "ps-1001",
                  "name": "闽江面馆 Minjiang Noodle House",
                  "address": "12 Wuyi Road, Gulou District, Fuzhou"
                },
                "districtCode": "350102",
                "category": "unhygienic_kitchen",
                "observedAt": "2026-01-05T08:00:00.000Z",
                "insider": false
              }
            },
            "multipart/form-data": {
              "schema": {
                "$ref": "#/components/schemas/TipSubmissionMultipart"
              },
              "encoding": {
                "tip": {
                  "contentType": "application/json"
                },
                "evidence": {
                  "contentType": "image/*, video/*"
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The tip was received and a case opened.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TipReceipt"
                },
                "example": {
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "receiptSecret": "r7Q2v9Zk3mW8xT1cB4nF6hJ0pL5sD2aG",
                  "receipt": "example receipt",
                  "submittedAt": "2026-01-05T08:00:00.000Z",
                  "evidence": [
                    {
                      "id": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "contentType": "image/jpeg",
                      "size": 0,
                      "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                    }
                  ],
                  "deadlines": {
                    "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                    "feedbackBy": "2026-01-05T08:00:00.000Z",
                    "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                    "feedbackGivenAt": "2026-01-05T08:00:00.000Z"
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "413": {
            "$ref": "#/components/responses/Problem"
          },
          "415": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/tip": {
      "get": {
        "operationId": "getTip",
        "tags": [
          "tips"
        ],
        "summary": "The reporter's view of their tip",
        "description": "By identity code plus receipt secret, or by identity code plus the reporter session\nthat submitted the tip. An unknown code and a wrong secret get the same `404`;\nrepeated failures are rate-limited (`429`).\n",
        "security": [
          {},
          {
            "reporterSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdentityCodeHeader"
          },
          {
            "$ref": "#/components/parameters/ReceiptSecretHeader"
          }
        ],
        "responses": {
          "200": {
            "description": "Status, deadlines, messages, reward state and identity-access notices.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TipView"
                },
                "example": {
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "status": "received",
                  "outcome": "violation_confirmed",
                  "submittedAt": "2026-01-05T08:00:00.000Z",
                  "category": "unhygienic_kitchen",
                  "districtCode": "350102",
                  "deadlines": {
                    "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                    "feedbackBy": "2026-01-05T08:00:00.000Z",
                    "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                    "feedbackGivenAt": "2026-01-05T08:00:00.000Z"
                  },
                  "messages": [
                    {
                      "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "from": "reporter",
                      "body": "Raw meat stored next to cooked food in the kitchen.",
                      "sentAt": "2026-01-05T08:00:00.000Z",
                      "attachments": [
                        {
                          "kind": "photo",
                          "size": 0
                        }
                      ]
                    }
                  ],
                  "reward": {
                    "status": "claimable",
                    "claimDeadline": "2026-01-05T08:00:00.000Z",
                    "claimedAt": "2026-01-05T08:00:00.000Z",
                    "level": 1,
                    "amountFen": 1,
                    "payoutFailureReason": "Review complete; licence verified.",
                    "actionRequired": "attach_account",
                    "paidAt": "2026-01-05T08:00:00.000Z"
                  },
                  "identityAccessNotices": [
                    {
                      "accessedAt": "2026-01-05T08:00:00.000Z",
                      "legalBasis": "Food Safety Law of the PRC, Article 34",
                      "reason": "Review complete; licence verified.",
                      "approvals": 1
                    }
                  ]
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/tip/messages": {
      "get": {
        "operationId": "listTipMessages",
        "tags": [
          "tips"
        ],
        "summary": "Messages between the reporter and the handler",
        "description": "The conversation between the reporter and the handler of their case, oldest first, for the reporter who proves the tip is theirs (identity code plus receipt secret, or the reporter session that owns the tip). Staff are shown by role, never by name.",
        "security": [
          {},
          {
            "reporterSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdentityCodeHeader"
          },
          {
            "$ref": "#/components/parameters/ReceiptSecretHeader"
          }
        ],
        "responses": {
          "200": {
            "description": "The messages, oldest first. Internal notes are never included.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MessageList"
                },
                "example": {
                  "items": [
                    {
                      "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "from": "reporter",
                      "body": "Raw meat stored next to cooked food in the kitchen.",
                      "sentAt": "2026-01-05T08:00:00.000Z",
                      "attachments": [
                        {
                          "kind": "photo",
                          "size": 0
                        }
                      ]
                    }
                  ]
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "postTipMessage",
        "tags": [
          "tips"
        ],
        "summary": "Send a message to the handler of the tip's case, optionally with files",
        "description": "Send `application/json` (text only), or `multipart/form-data` with a `message` part\nholding the same JSON and up to N `evidence` file parts (photos, videos), like\n`submitTip`. Each file becomes an evidence file of the case (type sniffed from the\nbytes, metadata stripped, hashed, encrypted at rest, original sealed for the\nauditors); the handler downloads it with `getEvidenceFile`. A failed reply stores\nnothing. A JSON retry must repeat the body (a different body with the same\n`Idempotency-Key` is a `409`); a multipart retry matches on the key alone, because a\nstreamed body is not hashed.\n",
        "security": [
          {},
          {
            "reporterSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdentityCodeHeader"
          },
          {
            "$ref": "#/components/parameters/ReceiptSecretHeader"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/NewMessage"
              },
              "example": {
                "body": "Raw meat stored next to cooked food in the kitchen."
              }
            },
            "multipart/form-data": {
              "schema": {
                "$ref": "#/components/schemas/NewMessageMultipart"
              },
              "encoding": {
                "message": {
                  "contentType": "application/json"
                },
                "evidence": {
                  "contentType": "image/*, video/*"
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The message was stored.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Message"
                },
                "example": {
                  "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "from": "reporter",
                  "body": "Raw meat stored next to cooked food in the kitchen.",
                  "sentAt": "2026-01-05T08:00:00.000Z",
                  "attachments": [
                    {
                      "kind": "photo",
                      "size": 0
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "413": {
            "$ref": "#/components/responses/Problem"
          },
          "415": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/cases": {
      "get": {
        "operationId": "listCases",
        "tags": [
          "cases"
        ],
        "summary": "Cases of the caller's unit",
        "description": "`intake` sees the intake queue (received, not yet triaged); a `district_handler` the\ncases routed to their district bureau; a `detachment_handler` the cases routed to the\ncity enforcement detachment; `admin` and `auditor` see all (read-only for auditors).\n`overdue=true` lists only cases past an acknowledgement or feedback deadline.\n`assignedUnit` and `classification` narrow the queue to one unit (a classification\ndecides the unit: general → district bureau, complex → detachment). `category` and\nthe text search `q` are checked against a bounded window of the queue per request\n(docs/scaling.md § Lists): a page may then hold fewer than `limit` items while\n`nextCursor` still points further back; follow it until it is `null`. `q` matches\nthe texts staff see of a case (its description as redacted, shop name and address,\nclosing summary, identity code, id), never anything of the reporter's identity.\nRoles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "state",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/CaseState"
            }
          },
          {
            "name": "assignedUnit",
            "in": "query",
            "required": false,
            "description": "Only cases held by this unit.",
            "schema": {
              "$ref": "#/components/schemas/CaseUnit"
            }
          },
          {
            "name": "category",
            "in": "query",
            "required": false,
            "description": "Only cases of this violation category.",
            "schema": {
              "$ref": "#/components/schemas/ViolationCategory"
            }
          },
          {
            "name": "classification",
            "in": "query",
            "required": false,
            "description": "Only cases triaged with this classification.",
            "schema": {
              "type": "string",
              "enum": [
                "general",
                "complex"
              ]
            }
          },
          {
            "name": "q",
            "in": "query",
            "required": false,
            "description": "Text search, case-insensitive, over the staff-visible texts of a case (see above).\n",
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 100
            }
          },
          {
            "name": "sort",
            "in": "query",
            "required": false,
            "description": "`newest` (default) or `oldest` received first; a cursor keeps the order it was issued in.",
            "schema": {
              "type": "string",
              "enum": [
                "newest",
                "oldest"
              ],
              "default": "newest"
            }
          },
          {
            "name": "overdue",
            "in": "query",
            "required": false,
            "schema": {
              "type": "boolean"
            }
          },
          {
            "name": "districtCode",
            "in": "query",
            "required": false,
            "description": "Only cases whose shop is in this district (the district that routing uses).",
            "schema": {
              "$ref": "#/components/schemas/DistrictCode"
            }
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of cases, in the order asked for (newest first by default).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaseList"
                },
                "example": {
                  "items": [
                    {
                      "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "identityCode": "FZ-7K3M-Q9XD-K",
                      "source": "tip",
                      "state": "received",
                      "outcome": "violation_confirmed",
                      "category": "unhygienic_kitchen",
                      "districtCode": "350102",
                      "classification": "general",
                      "assignedUnit": "intake",
                      "assignedDistrictCode": "350102",
                      "receivedAt": "2026-01-05T08:00:00.000Z",
                      "updatedAt": "2026-01-05T08:00:00.000Z",
                      "deadlines": {
                        "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                        "feedbackBy": "2026-01-05T08:00:00.000Z",
                        "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                        "feedbackGivenAt": "2026-01-05T08:00:00.000Z",
                        "overdue": [
                          "acknowledgement"
                        ]
                      }
                    }
                  ],
                  "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/case-counts": {
      "get": {
        "operationId": "getCaseCounts",
        "tags": [
          "cases"
        ],
        "summary": "How many cases each queue of the caller's unit holds",
        "description": "The counts beside the queue's tabs: the cases the caller may see (the same unit rule\nas `listCases`) per state, and how many open ones are overdue. Counts only; no case is\nnamed, so the read is not audited. Roles: `intake`, `district_handler`,\n`detachment_handler`, `auditor`, `admin`.\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "assignedUnit",
            "in": "query",
            "required": false,
            "description": "Only cases held by this unit.",
            "schema": {
              "$ref": "#/components/schemas/CaseUnit"
            }
          },
          {
            "name": "districtCode",
            "in": "query",
            "required": false,
            "description": "Only cases whose shop is in this district.",
            "schema": {
              "$ref": "#/components/schemas/DistrictCode"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The counts.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaseCounts"
                },
                "example": {
                  "received": 4,
                  "triaged": 2,
                  "investigating": 3,
                  "closed": 17,
                  "overdue": 1
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/cases/{caseId}": {
      "get": {
        "operationId": "getCase",
        "tags": [
          "cases"
        ],
        "summary": "One case with its evidence list, transitions, notes and messages",
        "description": "Every read is recorded in the audit log. A case outside the caller's unit is a `404`. Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CaseId"
          }
        ],
        "responses": {
          "200": {
            "description": "The case.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaseDetail"
                },
                "example": {
                  "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "source": "tip",
                  "state": "received",
                  "outcome": "violation_confirmed",
                  "category": "unhygienic_kitchen",
                  "districtCode": "350102",
                  "classification": "general",
                  "assignedUnit": "intake",
                  "assignedDistrictCode": "350102",
                  "receivedAt": "2026-01-05T08:00:00.000Z",
                  "updatedAt": "2026-01-05T08:00:00.000Z",
                  "deadlines": {
                    "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                    "feedbackBy": "2026-01-05T08:00:00.000Z",
                    "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                    "feedbackGivenAt": "2026-01-05T08:00:00.000Z",
                    "overdue": [
                      "acknowledgement"
                    ]
                  },
                  "description": "Raw meat stored next to cooked food in the kitchen.",
                  "observedAt": "2026-01-05T08:00:00.000Z",
                  "shop": {
                    "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "platformId": "plt_demo",
                    "platformShopId": "ps-1001",
                    "name": "闽江面馆 Minjiang Noodle House",
                    "address": "12 Wuyi Road, Gulou District, Fuzhou",
                    "districtCode": "350102"
                  },
                  "penaltyFen": 0,
                  "closingSummary": "example closingSummary",
                  "mergedIntoCaseId": "merged_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "closedAt": "2026-01-05T08:00:00.000Z",
                  "evidence": [
                    {
                      "id": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "contentType": "image/jpeg",
                      "size": 0,
                      "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                    }
                  ],
                  "transitions": [
                    {
                      "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "at": "2026-01-05T08:00:00.000Z",
                      "action": "received",
                      "fromState": "received",
                      "toState": "received",
                      "actor": "example actor",
                      "details": {}
                    }
                  ],
                  "notes": [
                    {
                      "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "authorStaffId": "author_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "body": "Raw meat stored next to cooked food in the kitchen.",
                      "createdAt": "2026-01-05T08:00:00.000Z"
                    }
                  ],
                  "messages": [
                    {
                      "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "from": "reporter",
                      "body": "Raw meat stored next to cooked food in the kitchen.",
                      "sentAt": "2026-01-05T08:00:00.000Z",
                      "attachments": [
                        {
                          "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                          "kind": "photo",
                          "contentType": "image/jpeg",
                          "size": 0,
                          "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                        }
                      ]
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/cases/{caseId}/triage": {
      "post": {
        "operationId": "triageCase",
        "tags": [
          "cases"
        ],
        "summary": "Intake triage (accept and route, reject, or merge as a duplicate)",
        "description": "`accept` classifies the case `general` (routed to the district bureau of the shop's\ndistrict) or `complex` (routed to the city enforcement detachment); `reject` closes it\nwith a reason; `merge` closes it as a duplicate of another case. Triage acknowledges\nthe tip (the 7-day deadline).\nRoles: `intake`, `admin`.\n",
        "x-roles": [
          "intake",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CaseId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TriageDecision"
              },
              "example": {
                "decision": "accept",
                "classification": "general",
                "reason": "Review complete; licence verified.",
                "duplicateOfCaseId": "duplic_01kdx3r8n0m2v4q6s8t0w2y4z6"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The case after triage.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaseDetail"
                },
                "example": {
                  "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "source": "tip",
                  "state": "received",
                  "outcome": "violation_confirmed",
                  "category": "unhygienic_kitchen",
                  "districtCode": "350102",
                  "classification": "general",
                  "assignedUnit": "intake",
                  "assignedDistrictCode": "350102",
                  "receivedAt": "2026-01-05T08:00:00.000Z",
                  "updatedAt": "2026-01-05T08:00:00.000Z",
                  "deadlines": {
                    "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                    "feedbackBy": "2026-01-05T08:00:00.000Z",
                    "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                    "feedbackGivenAt": "2026-01-05T08:00:00.000Z",
                    "overdue": [
                      "acknowledgement"
                    ]
                  },
                  "description": "Raw meat stored next to cooked food in the kitchen.",
                  "observedAt": "2026-01-05T08:00:00.000Z",
                  "shop": {
                    "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "platformId": "plt_demo",
                    "platformShopId": "ps-1001",
                    "name": "闽江面馆 Minjiang Noodle House",
                    "address": "12 Wuyi Road, Gulou District, Fuzhou",
                    "districtCode": "350102"
                  },
                  "penaltyFen": 0,
                  "closingSummary": "example closingSummary",
                  "mergedIntoCaseId": "merged_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "closedAt": "2026-01-05T08:00:00.000Z",
                  "evidence": [
                    {
                      "id": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "contentType": "image/jpeg",
                      "size": 0,
                      "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                    }
                  ],
                  "transitions": [
                    {
                      "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "at": "2026-01-05T08:00:00.000Z",
                      "action": "received",
                      "fromState": "received",
                      "toState": "received",
                      "actor": "example actor",
                      "details": {}
                    }
                  ],
                  "notes": [
                    {
                      "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "authorStaffId": "author_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "body": "Raw meat stored next to cooked food in the kitchen.",
                      "createdAt": "2026-01-05T08:00:00.000Z"
                    }
                  ],
                  "messages": [
                    {
                      "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "from": "reporter",
                      "body": "Raw meat stored next to cooked food in the kitchen.",
                      "sentAt": "2026-01-05T08:00:00.000Z",
                      "attachments": [
                        {
                          "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                          "kind": "photo",
                          "contentType": "image/jpeg",
                          "size": 0,
                          "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                        }
                      ]
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/cases/{caseId}/transitions": {
      "post": {
        "operationId": "transitionCase",
        "tags": [
          "cases"
        ],
        "summary": "Move a case on (investigate, close with an outcome) or re-route it",
        "description": "`investigate`: triaged → investigating. `close`: investigating → closed with an outcome\n(`violation_confirmed` needs `penaltyFen`). `reroute`: send the case to another unit\n(recorded as a transition; the state stays). Only the unit holding the case (or an\nadmin) may do this.\nRoles: `district_handler`, `detachment_handler`, `admin`.\n",
        "x-roles": [
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CaseId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CaseTransitionRequest"
              },
              "example": {
                "action": "investigate",
                "outcome": "violation_confirmed",
                "penaltyFen": 1,
                "summary": "Raw meat stored next to cooked food in the kitchen.",
                "classification": "general",
                "districtCode": "350102",
                "reason": "Review complete; licence verified."
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The case after the transition.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaseDetail"
                },
                "example": {
                  "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "source": "tip",
                  "state": "received",
                  "outcome": "violation_confirmed",
                  "category": "unhygienic_kitchen",
                  "districtCode": "350102",
                  "classification": "general",
                  "assignedUnit": "intake",
                  "assignedDistrictCode": "350102",
                  "receivedAt": "2026-01-05T08:00:00.000Z",
                  "updatedAt": "2026-01-05T08:00:00.000Z",
                  "deadlines": {
                    "acknowledgeBy": "2026-01-05T08:00:00.000Z",
                    "feedbackBy": "2026-01-05T08:00:00.000Z",
                    "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                    "feedbackGivenAt": "2026-01-05T08:00:00.000Z",
                    "overdue": [
                      "acknowledgement"
                    ]
                  },
                  "description": "Raw meat stored next to cooked food in the kitchen.",
                  "observedAt": "2026-01-05T08:00:00.000Z",
                  "shop": {
                    "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "platformId": "plt_demo",
                    "platformShopId": "ps-1001",
                    "name": "闽江面馆 Minjiang Noodle House",
                    "address": "12 Wuyi Road, Gulou District, Fuzhou",
                    "districtCode": "350102"
                  },
                  "penaltyFen": 0,
                  "closingSummary": "example closingSummary",
                  "mergedIntoCaseId": "merged_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "closedAt": "2026-01-05T08:00:00.000Z",
                  "evidence": [
                    {
                      "id": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "contentType": "image/jpeg",
                      "size": 0,
                      "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                    }
                  ],
                  "transitions": [
                    {
                      "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "at": "2026-01-05T08:00:00.000Z",
                      "action": "received",
                      "fromState": "received",
                      "toState": "received",
                      "actor": "example actor",
                      "details": {}
                    }
                  ],
                  "notes": [
                    {
                      "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "authorStaffId": "author_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "body": "Raw meat stored next to cooked food in the kitchen.",
                      "createdAt": "2026-01-05T08:00:00.000Z"
                    }
                  ],
                  "messages": [
                    {
                      "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "from": "reporter",
                      "body": "Raw meat stored next to cooked food in the kitchen.",
                      "sentAt": "2026-01-05T08:00:00.000Z",
                      "attachments": [
                        {
                          "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                          "kind": "photo",
                          "contentType": "image/jpeg",
                          "size": 0,
                          "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                        }
                      ]
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/cases/{caseId}/evidence/{evidenceId}": {
      "get": {
        "operationId": "getEvidenceFile",
        "tags": [
          "cases"
        ],
        "summary": "Download one evidence file (metadata stripped)",
        "description": "The decrypted, metadata-stripped file; once the photo was redacted (`redactEvidence`), the\nredacted photo, for every caller. Every download is recorded in the audit log.\nRoles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CaseId"
          },
          {
            "name": "evidenceId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "pattern": "^[a-z]+_[0-9a-z]{26}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The file, with its sniffed content type.",
            "headers": {
              "Ezhili-Evidence-Sha256": {
                "description": "SHA-256 (hex) of the stored, stripped file.",
                "schema": {
                  "type": "string"
                }
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "Content-Disposition": {
                "$ref": "#/components/headers/ContentDisposition"
              }
            },
            "content": {
              "image/*": {
                "schema": {
                  "type": "string",
                  "contentMediaType": "application/octet-stream"
                }
              },
              "video/*": {
                "schema": {
                  "type": "string",
                  "contentMediaType": "application/octet-stream"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/cases/{caseId}/evidence/{evidenceId}/redactions": {
      "post": {
        "operationId": "redactEvidence",
        "tags": [
          "cases"
        ],
        "summary": "Black out regions of a photo before it is shared",
        "description": "Draws opaque boxes over the given regions of the photo as staff see it (pixel\ncoordinates of the image after its orientation is applied) and re-encodes it without any\nmetadata. The result replaces the photo for everyone from then on: staff of every unit,\nauditors, platforms and exports receive the redacted version (`getEvidenceFile`); a\nfurther redaction adds to it. The original stays sealed and is opened only by k of n\nauditors (`createUnsealRequest` with `target.type: evidence_original`). Videos cannot be\nredacted (`409 evidence_not_redactable`). Recorded in the audit log.\nRoles: `intake`, `district_handler`, `detachment_handler`, `admin` (the unit holding the case).\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CaseId"
          },
          {
            "$ref": "#/components/parameters/EvidenceId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/EvidenceRedactionRequest"
              },
              "examples": {
                "face": {
                  "value": {
                    "reason": "A bystander's face",
                    "regions": [
                      {
                        "x": 120,
                        "y": 40,
                        "width": 180,
                        "height": 200
                      }
                    ]
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The redaction; the photo as everyone now receives it.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/EvidenceRedaction"
                },
                "examples": {
                  "redacted": {
                    "value": {
                      "id": "red_01jq7z3v6k8r2m4n5p6q7r8s9t",
                      "caseId": "case_01JQ7Z1A2B3C4D5E6F7G8H9J0K",
                      "evidenceId": "evd_01JQ7Z1A2B3C4D5E6F7G8H9J0K",
                      "version": 1,
                      "regions": [
                        {
                          "x": 120,
                          "y": 40,
                          "width": 180,
                          "height": 200
                        }
                      ],
                      "reason": "A bystander's face",
                      "contentType": "image/jpeg",
                      "size": 48211,
                      "sha256": "3b1f0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081",
                      "redactedBy": "stf_01JQ7Z1A2B3C4D5E6F7G8H9J0K",
                      "createdAt": "2026-03-02T09:00:00.000Z"
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "The file is a video, which cannot be redacted. (Or `idempotency_in_progress`, with `Retry-After`.)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Retry-After": {
                "$ref": "#/components/headers/RetryAfter"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "video": {
                    "value": {
                      "type": "https://ezhili.org/problems/evidence_not_redactable",
                      "title": "Conflict",
                      "status": 409,
                      "code": "evidence_not_redactable",
                      "detail": "Only photos can be redacted; this evidence file is a video."
                    }
                  }
                }
              }
            }
          },
          "422": {
            "description": "A region lies outside the image.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "outside": {
                    "value": {
                      "type": "https://ezhili.org/problems/region_outside_image",
                      "title": "Unprocessable content",
                      "status": 422,
                      "code": "region_outside_image",
                      "detail": "Region 1 reaches beyond the 640×480 image."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/cases/{caseId}/text-redactions": {
      "post": {
        "operationId": "redactCaseText",
        "tags": [
          "cases"
        ],
        "summary": "Mask passages of a case's description, a note or a message",
        "description": "Replaces each character range (Unicode code points, `start` inclusive, `end` exclusive,\nof the text as it is now) with the fixed mask `■■■`, whatever the passage's length, so\nthe length does not show. The masked text is what everyone reads from then on: staff of\nevery unit, auditors, the reporter's own view of the conversation, platforms and\nexports. The text as it was is sealed to the audit key; k of n auditors open it with\n`createUnsealRequest` (`target.type: text_original`, this redaction's id). Recorded in\nthe audit log.\nRoles: `intake`, `district_handler`, `detachment_handler`, `admin` (the unit holding the case).\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CaseId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/TextRedactionRequest"
              },
              "examples": {
                "name": {
                  "value": {
                    "target": {
                      "type": "message",
                      "id": "msg_01jq7z1a2b3c4d5e6f7g8h9j0k"
                    },
                    "ranges": [
                      {
                        "start": 12,
                        "end": 15
                      }
                    ],
                    "reason": "A cook's name"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The redaction and the text as everyone now reads it.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TextRedaction"
                },
                "examples": {
                  "masked": {
                    "value": {
                      "id": "red_01jq7z3v6k8r2m4n5p6q7r8s9t",
                      "caseId": "case_01JQ7Z1A2B3C4D5E6F7G8H9J0K",
                      "target": {
                        "type": "message",
                        "id": "msg_01jq7z1a2b3c4d5e6f7g8h9j0k"
                      },
                      "version": 1,
                      "ranges": [
                        {
                          "start": 12,
                          "end": 15
                        }
                      ],
                      "reason": "A cook's name",
                      "text": "后厨有老鼠，厨师■■■不戴手套。",
                      "redactedBy": "stf_01JQ7Z1A2B3C4D5E6F7G8H9J0K",
                      "createdAt": "2026-03-02T09:00:00.000Z"
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "description": "A range lies outside the text, or ranges overlap.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "outside": {
                    "value": {
                      "type": "https://ezhili.org/problems/range_outside_text",
                      "title": "Unprocessable content",
                      "status": 422,
                      "code": "range_outside_text",
                      "detail": "Range 1 ends after the text's 42 characters."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/cases/{caseId}/case-file.pdf": {
      "get": {
        "operationId": "exportCaseFilePdf",
        "tags": [
          "cases"
        ],
        "summary": "The case file as a PDF (timeline, decisions, evidence thumbnails and hashes)",
        "description": "A printable case file for a court or an archive: the case's identity code (never the\nreporter's identity), shop, description, decisions and timeline, internal notes and the\nconversation (as redacted), and each evidence file with its SHA-256 and, for photos, a\nthumbnail of the stripped or redacted version. Chinese text is rendered with the embedded\nCJK font (`EXPORT_CJK_FONT`). Streamed as it is written; every export is recorded in the\naudit log.\nRoles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CaseId"
          }
        ],
        "responses": {
          "200": {
            "description": "The PDF.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "Content-Disposition": {
                "$ref": "#/components/headers/ContentDisposition"
              }
            },
            "content": {
              "application/pdf": {
                "schema": {
                  "type": "string",
                  "contentMediaType": "application/pdf"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "503": {
            "description": "The CJK font is not installed where `EXPORT_CJK_FONT` points.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "noFont": {
                    "value": {
                      "type": "https://ezhili.org/problems/export_font_missing",
                      "title": "Service unavailable",
                      "status": 503,
                      "code": "export_font_missing",
                      "detail": "The CJK font for exports is missing (EXPORT_CJK_FONT); install fonts-noto-cjk."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/Problem"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/cases/{caseId}/notes": {
      "post": {
        "operationId": "addCaseNote",
        "tags": [
          "cases"
        ],
        "summary": "Add an internal note (never shown to the reporter)",
        "description": "An internal note on a case for the staff who handle it; the reporter never sees it. Recorded in the audit log with the case. Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CaseId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/NewCaseNote"
              },
              "example": {
                "body": "Raw meat stored next to cooked food in the kitchen."
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The note.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CaseNote"
                },
                "example": {
                  "id": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "authorStaffId": "author_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "body": "Raw meat stored next to cooked food in the kitchen.",
                  "createdAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/cases/{caseId}/messages": {
      "post": {
        "operationId": "postCaseMessage",
        "tags": [
          "cases"
        ],
        "summary": "Send a message to the reporter (who stays anonymous)",
        "description": "Counts as acknowledgement and as feedback for the case's deadlines. Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/CaseId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/NewMessage"
              },
              "example": {
                "body": "Raw meat stored next to cooked food in the kitchen."
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The message.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Message"
                },
                "example": {
                  "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "from": "reporter",
                  "body": "Raw meat stored next to cooked food in the kitchen.",
                  "sentAt": "2026-01-05T08:00:00.000Z",
                  "attachments": [
                    {
                      "kind": "photo",
                      "size": 0
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/audit/events": {
      "get": {
        "operationId": "listAuditEvents",
        "tags": [
          "audit"
        ],
        "summary": "Audit events, newest first",
        "description": "For `auditor` and `admin`. Page back with `beforeSeq` (the last `seq` of the page). Roles: `auditor`, `admin`.",
        "x-roles": [
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "subjectType",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 64
            }
          },
          {
            "name": "subjectId",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 128
            }
          },
          {
            "name": "action",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 128
            }
          },
          {
            "name": "beforeSeq",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of events.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditEventList"
                },
                "example": {
                  "items": [
                    {
                      "seq": 1,
                      "id": "aud_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "at": "2026-01-05T08:00:00.000Z",
                      "actor": {
                        "type": "staff",
                        "id": "aud_01kdx3r8n0m2v4q6s8t0w2y4z6"
                      },
                      "action": "example action",
                      "subject": {
                        "type": "example type",
                        "id": "aud_01kdx3r8n0m2v4q6s8t0w2y4z6"
                      },
                      "details": {},
                      "prevHash": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                      "hash": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                    }
                  ],
                  "nextBeforeSeq": 1
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/audit/verification": {
      "get": {
        "operationId": "verifyAuditChain",
        "tags": [
          "audit"
        ],
        "summary": "Recompute the hash chain and report whether it is intact",
        "description": "Verifies the chain in one consistent snapshot (events written meanwhile are neither\nreported missing nor checked) off the server's request path, and waits for the answer.\n`mode=incremental` (the default) checks the events after the latest verified checkpoint;\n`mode=full` checks every event from the first. Either way the newest event must be the\nrecorded head, and the chain must still pass through every checkpoint kept outside the\ndatabase (`AUDIT_CHECKPOINT_FILE`), so a database rewritten as a whole is detected too.\nAn intact run signs a new checkpoint at the head. For a full run over a long log, start\na job instead (`createAuditVerification`) and follow its progress.\nRoles: `auditor`, `admin`.\n",
        "x-roles": [
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "mode",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/AuditVerificationMode"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The verification result (also when the chain is broken).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditVerification"
                },
                "examples": {
                  "intact": {
                    "value": {
                      "intact": true,
                      "mode": "incremental",
                      "eventsChecked": 412,
                      "fromSeq": 120544,
                      "headSeq": 120956,
                      "headHash": "6f1d0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081",
                      "firstBrokenSeq": null,
                      "reason": null,
                      "checkpointsChecked": 1,
                      "checkpoint": {
                        "id": "ack_01JQ7Z3V6K8R2M4N5P6Q7R8S9T",
                        "seq": 120956,
                        "hash": "6f1d0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081",
                        "createdAt": "2026-03-02T02:00:00.000Z",
                        "mode": "incremental",
                        "jws": "eyJhbGciOiJFZERTQSIsImtpZCI6ImtleV8wMUoiLCJ0eXAiOiJlemhpbGktYXVkaXQtY2hlY2twb2ludCtqd3QifQ.eyJzZXEiOjEyMDk1Nn0.c2ln"
                      },
                      "verifiedAt": "2026-03-02T02:00:00.000Z"
                    }
                  },
                  "broken": {
                    "value": {
                      "intact": false,
                      "mode": "full",
                      "eventsChecked": 1041,
                      "fromSeq": 0,
                      "headSeq": 120956,
                      "headHash": "6f1d0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081",
                      "firstBrokenSeq": 1042,
                      "reason": "event 1042 was altered or does not link to its predecessor",
                      "checkpointsChecked": 3,
                      "checkpoint": null,
                      "verifiedAt": "2026-03-02T02:00:00.000Z"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/audit/verifications": {
      "post": {
        "operationId": "createAuditVerification",
        "tags": [
          "audit"
        ],
        "summary": "Start a verification of the audit chain as a job with progress",
        "description": "Starts verifying the chain (as `verifyAuditChain` does) off the server's request path and\nanswers at once with the job; follow it with `getAuditVerification`. While a run of the\nsame mode is in progress, that run is answered instead of starting a second one.\n`checkpoint` is a signed checkpoint (its `jws`) kept by the caller, e.g. printed by\n`ezhili audit checkpoint`: the chain must still pass through it.\nRoles: `auditor`, `admin`.\n",
        "x-roles": [
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AuditVerificationRequest"
              },
              "examples": {
                "full": {
                  "value": {
                    "mode": "full",
                    "checkpoint": "eyJhbGciOiJFZERTQSIsImtpZCI6ImtleV8wMUoiLCJ0eXAiOiJlemhpbGktYXVkaXQtY2hlY2twb2ludCtqd3QifQ.eyJzZXEiOjEyMDk1Nn0.c2ln"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "202": {
            "description": "The job, running (or the run of the same mode already in progress).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditVerificationJob"
                },
                "examples": {
                  "running": {
                    "value": {
                      "id": "avj_01JQ7Z3V6K8R2M4N5P6Q7R8S9T",
                      "mode": "full",
                      "state": "running",
                      "requestedBy": "staff:stf_01JQ7Z1A2B3C4D5E6F7G8H9J0K",
                      "startedAt": "2026-03-02T09:00:00.000Z",
                      "finishedAt": null,
                      "progress": {
                        "eventsChecked": 2400000,
                        "eventsTotal": 6400000
                      },
                      "result": null,
                      "error": null
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "422": {
            "description": "The checkpoint given is not one this regulator signed.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "unsigned": {
                    "value": {
                      "type": "https://ezhili.org/problems/invalid_checkpoint",
                      "title": "Unprocessable Content",
                      "status": 422,
                      "code": "invalid_checkpoint",
                      "detail": "The checkpoint is not signed by a key of this regulator."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/audit/verifications/{verificationId}": {
      "parameters": [
        {
          "name": "verificationId",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string",
            "maxLength": 64
          }
        }
      ],
      "get": {
        "operationId": "getAuditVerification",
        "tags": [
          "audit"
        ],
        "summary": "A verification job, with its progress or result",
        "description": "A job that stopped reporting progress (its server was stopped) is answered as `failed`.\nRoles: `auditor`, `admin`.\n",
        "x-roles": [
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "The job.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditVerificationJob"
                },
                "examples": {
                  "completed": {
                    "value": {
                      "id": "avj_01JQ7Z3V6K8R2M4N5P6Q7R8S9T",
                      "mode": "incremental",
                      "state": "completed",
                      "requestedBy": "system",
                      "startedAt": "2026-03-02T02:00:00.000Z",
                      "finishedAt": "2026-03-02T02:00:01.000Z",
                      "progress": {
                        "eventsChecked": 412,
                        "eventsTotal": 412
                      },
                      "result": {
                        "intact": true,
                        "mode": "incremental",
                        "eventsChecked": 412,
                        "fromSeq": 120544,
                        "headSeq": 120956,
                        "headHash": "6f1d0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081",
                        "firstBrokenSeq": null,
                        "reason": null,
                        "checkpointsChecked": 1,
                        "checkpoint": null,
                        "verifiedAt": "2026-03-02T02:00:01.000Z"
                      },
                      "error": null
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "description": "No such verification job.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "unknown": {
                    "value": {
                      "type": "https://ezhili.org/problems/not_found",
                      "title": "Not Found",
                      "status": 404,
                      "code": "verification_not_found",
                      "detail": "No verification job with this id."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/audit/checkpoints": {
      "get": {
        "operationId": "listAuditCheckpoints",
        "tags": [
          "audit"
        ],
        "summary": "Signed checkpoints of the audit chain, newest first",
        "description": "Each checkpoint is the chain's head (seq and hash) after an intact verification, signed\nby the regulator (a compact JWS, EdDSA, keys at `/.well-known/jwks.json`). Keep them where\nthe database's administrators cannot write (they are also appended to\n`AUDIT_CHECKPOINT_FILE` and may be posted to `AUDIT_CHECKPOINT_WEBHOOK_URL`): a later\nverification against a kept checkpoint shows whether the log was rewritten since.\nRoles: `auditor`, `admin`.\n",
        "x-roles": [
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of checkpoints.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AuditCheckpointList"
                },
                "examples": {
                  "page": {
                    "value": {
                      "items": [
                        {
                          "id": "ack_01JQ7Z3V6K8R2M4N5P6Q7R8S9T",
                          "seq": 120956,
                          "hash": "6f1d0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081",
                          "createdAt": "2026-03-02T02:00:00.000Z",
                          "mode": "incremental",
                          "jws": "eyJhbGciOiJFZERTQSIsImtpZCI6ImtleV8wMUoiLCJ0eXAiOiJlemhpbGktYXVkaXQtY2hlY2twb2ludCtqd3QifQ.eyJzZXEiOjEyMDk1Nn0.c2ln"
                        }
                      ],
                      "nextCursor": null
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "getMetrics",
        "tags": [
          "metrics"
        ],
        "summary": "The scheme's figures over any period up to since launch, with trends and breakdowns",
        "description": "For the period `[from, to]` (UTC days; default the last 30 days; `since=launch` from the\nfirst day anything was recorded): tips received and accepted, platform leads, cases\nclosed and the closure rate, times to acknowledgement and closure, leads sent and acted\non (the lead-closure rate) with the time from lead to action, take-downs, relisting\ndecisions, cards, rewards claimed and paid; overall, per district, per source (reporter,\nplatform, risk, regulator) and per platform, with daily and monthly series. Case figures\ncount the cases received in the period (closed now or not), lead figures the leads sent\nin the period; take-downs, decisions, cards, claims and payouts count on the day they\nhappened. `districtCode` narrows everything to one district. Read from daily and monthly\nrollups kept in the same transaction as the data, so any period costs the same; durations\nare hours to two significant figures (see `docs/metrics.md`). Counts and durations only;\nno personal data.\nRoles: any staff member (`intake`, `district_handler`, `detachment_handler`,\n`reward_committee`, `finance`, `auditor`, `admin`).\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "from",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "format": "date"
            }
          },
          {
            "name": "to",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "format": "date"
            }
          },
          {
            "name": "since",
            "in": "query",
            "required": false,
            "description": "`launch`: from the first recorded day (instead of `from`).",
            "schema": {
              "type": "string",
              "enum": [
                "launch"
              ]
            }
          },
          {
            "name": "districtCode",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/DistrictCode"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The figures.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Metrics"
                },
                "examples": {
                  "oneDistrictOneDay": {
                    "value": {
                      "from": "2026-03-02",
                      "to": "2026-03-02",
                      "generatedAt": "2026-03-03T09:00:00.000Z",
                      "districtCode": "350102",
                      "overall": {
                        "tips": 6,
                        "platformLeads": 1,
                        "casesClosed": 5,
                        "closureRate": 0.714,
                        "ackHoursMedian": 2.5,
                        "ackHoursP90": 9.1,
                        "closeHoursMedian": 48,
                        "closeHoursP90": 120,
                        "overdueAcknowledgement": 0,
                        "overdueFeedback": 1,
                        "openCases": 2,
                        "tipsAccepted": 5,
                        "violationsConfirmed": 3,
                        "leadsDispatched": 3,
                        "leadsActioned": 3,
                        "leadClosureRate": 1,
                        "leadToActionHoursMedian": 6.5,
                        "leadToActionHoursP90": 22,
                        "shopsTakenDown": 2,
                        "relistingApproved": 1,
                        "relistingRejected": 0,
                        "rewardsClaimed": 1,
                        "rewardsPaid": 1,
                        "rewardsPaidFen": 1500000,
                        "days": 1,
                        "tipsPerDay": 6,
                        "leadsPerDay": 3,
                        "yellowCards": 0,
                        "redCards": 0
                      },
                      "perDay": [
                        {
                          "date": "2026-03-02",
                          "tips": 6,
                          "platformLeads": 1,
                          "tipsAccepted": 5,
                          "casesClosed": 5,
                          "leadsDispatched": 3,
                          "leadsActioned": 3,
                          "shopsTakenDown": 2,
                          "rewardsPaid": 1
                        }
                      ],
                      "perMonth": [
                        {
                          "month": "2026-03",
                          "tips": 6,
                          "platformLeads": 1,
                          "tipsAccepted": 5,
                          "casesClosed": 5,
                          "leadsDispatched": 3,
                          "leadsActioned": 3,
                          "shopsTakenDown": 2,
                          "rewardsPaid": 1
                        }
                      ],
                      "districts": [
                        {
                          "districtCode": "350102",
                          "tips": 6,
                          "platformLeads": 1,
                          "casesClosed": 5,
                          "closureRate": 0.714,
                          "ackHoursMedian": 2.5,
                          "ackHoursP90": 9.1,
                          "closeHoursMedian": 48,
                          "closeHoursP90": 120,
                          "overdueAcknowledgement": 0,
                          "overdueFeedback": 1,
                          "openCases": 2,
                          "tipsAccepted": 5,
                          "violationsConfirmed": 3,
                          "leadsDispatched": 3,
                          "leadsActioned": 3,
                          "leadClosureRate": 1,
                          "leadToActionHoursMedian": 6.5,
                          "leadToActionHoursP90": 22,
                          "shopsTakenDown": 2,
                          "relistingApproved": 1,
                          "relistingRejected": 0,
                          "rewardsClaimed": 1,
                          "rewardsPaid": 1,
                          "rewardsPaidFen": 1500000
                        }
                      ],
                      "bySource": [
                        {
                          "source": "reporter",
                          "casesReceived": 6,
                          "casesClosed": 5,
                          "closureRate": 0.833,
                          "closeHoursMedian": 48,
                          "leadsDispatched": 2,
                          "leadsActioned": 2,
                          "leadClosureRate": 1,
                          "leadToActionHoursMedian": 6.5
                        },
                        {
                          "source": "platform",
                          "casesReceived": 1,
                          "casesClosed": 0,
                          "closureRate": 0,
                          "closeHoursMedian": null,
                          "leadsDispatched": 1,
                          "leadsActioned": 1,
                          "leadClosureRate": 1,
                          "leadToActionHoursMedian": 22
                        },
                        {
                          "source": "risk",
                          "casesReceived": 0,
                          "casesClosed": 0,
                          "closureRate": null,
                          "closeHoursMedian": null,
                          "leadsDispatched": 0,
                          "leadsActioned": 0,
                          "leadClosureRate": null,
                          "leadToActionHoursMedian": null
                        },
                        {
                          "source": "regulator",
                          "casesReceived": 0,
                          "casesClosed": 0,
                          "closureRate": null,
                          "closeHoursMedian": null,
                          "leadsDispatched": 0,
                          "leadsActioned": 0,
                          "leadClosureRate": null,
                          "leadToActionHoursMedian": null
                        }
                      ],
                      "byPlatform": [
                        {
                          "platformId": "plt_demo",
                          "name": "Demo Delivery",
                          "casesReceived": 7,
                          "casesClosed": 5,
                          "closureRate": 0.714,
                          "leadsDispatched": 3,
                          "leadsAcknowledgedInTime": 3,
                          "leadsActioned": 3,
                          "leadClosureRate": 1,
                          "leadToActionHoursMedian": 6.5,
                          "leadToActionHoursP90": 22,
                          "leadTakeDowns": 2,
                          "shopsTakenDown": 2,
                          "relistingApproved": 1,
                          "relistingRejected": 0,
                          "yellowCards": 0,
                          "redCards": 0
                        }
                      ],
                      "sections": {
                        "rewards": {
                          "eligibleTips": 2,
                          "claims": 1,
                          "determined": 1,
                          "paid": 1,
                          "paidFen": 1500000,
                          "payoutsFailed": 0,
                          "overdueDeterminations": 0
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "400": {
            "description": "A reversed or overlong period, or `since` together with `from`.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "reversed": {
                    "value": {
                      "type": "https://ezhili.org/problems/invalid_period",
                      "title": "Bad Request",
                      "status": 400,
                      "code": "invalid_period",
                      "detail": "`from` must not be after `to`."
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/transparency/report": {
      "get": {
        "operationId": "getTransparencyReport",
        "tags": [
          "metrics"
        ],
        "summary": "The scheme's public figures since launch, small cells withheld",
        "description": "The public transparency document (also served as a page at `/transparency`): tips\nreceived and accepted, cases closed and the closure rate, confirmed violations, leads\nand the lead-closure rate, time from lead to action, take-downs, relisting decisions,\ncards and rewards paid, since launch, per year and per district. Aggregates only: any\ncount from 1 to `minimumCount - 1` (`TRANSPARENCY_MIN_COUNT`, default 5) is withheld\n(null, named in `suppressed`), with the rates, medians and amounts that would reveal it\nand one more cell where a total would let it be recovered by subtraction; see\n`docs/metrics.md`. Public (no roles); rebuilt at most once a minute.\n",
        "security": [],
        "responses": {
          "200": {
            "description": "The document.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TransparencyReport"
                },
                "examples": {
                  "small": {
                    "value": {
                      "generatedAt": "2026-03-03T09:00:00.000Z",
                      "from": "2026-01-05",
                      "to": "2026-03-03",
                      "minimumCount": 5,
                      "overall": {
                        "tipsReceived": 34,
                        "tipsAccepted": 30,
                        "platformLeads": 8,
                        "casesClosed": 41,
                        "closureRate": 0.976,
                        "closeHoursMedian": 120,
                        "violationsConfirmed": 12,
                        "leadsDispatched": 18,
                        "leadsActioned": 17,
                        "leadClosureRate": 0.944,
                        "leadToActionHoursMedian": 6.5,
                        "shopsTakenDown": 9,
                        "relistingApproved": 5,
                        "relistingRejected": 0,
                        "rewardsPaid": 12,
                        "rewardsPaidYuan": 18600,
                        "yellowCards": 2,
                        "redCards": 0,
                        "suppressed": []
                      },
                      "byYear": [
                        {
                          "year": 2026,
                          "tipsReceived": 34,
                          "tipsAccepted": 30,
                          "platformLeads": 8,
                          "casesClosed": 41,
                          "closureRate": 0.976,
                          "closeHoursMedian": 120,
                          "violationsConfirmed": 12,
                          "leadsDispatched": 18,
                          "leadsActioned": 17,
                          "leadClosureRate": 0.944,
                          "leadToActionHoursMedian": 6.5,
                          "shopsTakenDown": 9,
                          "relistingApproved": 5,
                          "relistingRejected": 0,
                          "rewardsPaid": 12,
                          "rewardsPaidYuan": 18600,
                          "yellowCards": 2,
                          "redCards": 0,
                          "suppressed": []
                        }
                      ],
                      "byDistrict": [
                        {
                          "districtCode": "350102",
                          "nameZh": "鼓楼区",
                          "nameEn": "Gulou District",
                          "tipsReceived": 34,
                          "tipsAccepted": 30,
                          "platformLeads": null,
                          "casesClosed": 41,
                          "closureRate": 0.976,
                          "closeHoursMedian": 120,
                          "violationsConfirmed": 12,
                          "leadsDispatched": 18,
                          "leadsActioned": 17,
                          "leadClosureRate": 0.944,
                          "leadToActionHoursMedian": 6.5,
                          "shopsTakenDown": null,
                          "relistingApproved": null,
                          "relistingRejected": 0,
                          "rewardsPaid": 12,
                          "rewardsPaidYuan": 18600,
                          "yellowCards": 2,
                          "redCards": 0,
                          "suppressed": [
                            "platformLeads",
                            "relistingApproved",
                            "shopsTakenDown"
                          ]
                        }
                      ]
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "description": "A problem (e.g. too many requests).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "tooMany": {
                    "value": {
                      "type": "https://ezhili.org/problems/rate_limited",
                      "title": "Too Many Requests",
                      "status": 429,
                      "code": "rate_limited",
                      "detail": "Too many requests; try again later."
                    }
                  }
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms": {
      "post": {
        "operationId": "registerPlatform",
        "tags": [
          "platforms"
        ],
        "summary": "Register a delivery platform",
        "description": "Registers a platform with its public keys (an inline JWKS or a JWKS URL that is\nfetched and cached), an optional webhook URL for leads, decisions and cards, and\nits contacts. Platforms without a webhook pull their leads with `listPlatformLeads`.\nRoles: `admin`.\n",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PlatformRegistration"
              },
              "example": {
                "name": "闽江面馆 Minjiang Noodle House",
                "jwks": {
                  "keys": [
                    {
                      "kty": "OKP",
                      "kid": "key_2026_01",
                      "crv": "Ed25519",
                      "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                      "alg": "EdDSA",
                      "use": "sig"
                    }
                  ]
                },
                "jwksUrl": "https://platform.example/webhooks/ezhili",
                "webhookUrl": "https://platform.example/webhooks/ezhili",
                "contacts": [
                  {
                    "name": "闽江面馆 Minjiang Noodle House",
                    "email": "intake@demo.local",
                    "phone": "13800000000",
                    "role": "intake"
                  }
                ]
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The registered platform.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Platform"
                },
                "example": {
                  "id": "plt_demo",
                  "name": "闽江面馆 Minjiang Noodle House",
                  "jwks": {
                    "keys": [
                      {
                        "kty": "OKP",
                        "kid": "key_2026_01",
                        "crv": "Ed25519",
                        "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                        "alg": "EdDSA",
                        "use": "sig"
                      }
                    ]
                  },
                  "jwksUrl": "https://platform.example/webhooks/ezhili",
                  "webhookUrl": "https://platform.example/webhooks/ezhili",
                  "webhookEnabled": false,
                  "webhookDisabledReason": "Review complete; licence verified.",
                  "contacts": [
                    {
                      "name": "闽江面馆 Minjiang Noodle House",
                      "email": "intake@demo.local",
                      "phone": "13800000000",
                      "role": "intake"
                    }
                  ],
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "updatedAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        }
      ],
      "get": {
        "operationId": "getPlatform",
        "tags": [
          "platforms"
        ],
        "summary": "A platform's registration",
        "description": "Staff see any platform; a platform (signed call) sees only itself. Roles: any staff member (`intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`).",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          },
          {
            "platformSignature": []
          }
        ],
        "responses": {
          "200": {
            "description": "The platform.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Platform"
                },
                "example": {
                  "id": "plt_demo",
                  "name": "闽江面馆 Minjiang Noodle House",
                  "jwks": {
                    "keys": [
                      {
                        "kty": "OKP",
                        "kid": "key_2026_01",
                        "crv": "Ed25519",
                        "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                        "alg": "EdDSA",
                        "use": "sig"
                      }
                    ]
                  },
                  "jwksUrl": "https://platform.example/webhooks/ezhili",
                  "webhookUrl": "https://platform.example/webhooks/ezhili",
                  "webhookEnabled": false,
                  "webhookDisabledReason": "Review complete; licence verified.",
                  "contacts": [
                    {
                      "name": "闽江面馆 Minjiang Noodle House",
                      "email": "intake@demo.local",
                      "phone": "13800000000",
                      "role": "intake"
                    }
                  ],
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "updatedAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "patch": {
        "operationId": "updatePlatform",
        "tags": [
          "platforms"
        ],
        "summary": "Update a platform (keys, webhook, contacts)",
        "description": "Keys rotate without downtime: publish the new key next to the old one (inline or\nat the JWKS URL), switch signing to it, then remove the old key. Setting\n`webhookEnabled: true` re-enables an endpoint disabled by a `410 Gone`.\nRoles: `admin`.\n",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PlatformUpdate"
              },
              "example": {
                "name": "闽江面馆 Minjiang Noodle House",
                "jwks": {
                  "keys": [
                    {
                      "kty": "OKP",
                      "kid": "key_2026_01",
                      "crv": "Ed25519",
                      "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                      "alg": "EdDSA",
                      "use": "sig"
                    }
                  ]
                },
                "jwksUrl": "https://platform.example/webhooks/ezhili",
                "webhookUrl": "https://platform.example/webhooks/ezhili",
                "webhookEnabled": false,
                "contacts": [
                  {
                    "name": "闽江面馆 Minjiang Noodle House",
                    "email": "intake@demo.local",
                    "phone": "13800000000",
                    "role": "intake"
                  }
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The updated platform.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Platform"
                },
                "example": {
                  "id": "plt_demo",
                  "name": "闽江面馆 Minjiang Noodle House",
                  "jwks": {
                    "keys": [
                      {
                        "kty": "OKP",
                        "kid": "key_2026_01",
                        "crv": "Ed25519",
                        "x": "s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc",
                        "alg": "EdDSA",
                        "use": "sig"
                      }
                    ]
                  },
                  "jwksUrl": "https://platform.example/webhooks/ezhili",
                  "webhookUrl": "https://platform.example/webhooks/ezhili",
                  "webhookEnabled": false,
                  "webhookDisabledReason": "Review complete; licence verified.",
                  "contacts": [
                    {
                      "name": "闽江面馆 Minjiang Noodle House",
                      "email": "intake@demo.local",
                      "phone": "13800000000",
                      "role": "intake"
                    }
                  ],
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "updatedAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/webhook-secret": {
      "post": {
        "operationId": "rotateWebhookSecret",
        "tags": [
          "platforms"
        ],
        "summary": "Turn on symmetric `v1` webhook signatures, or rotate their secret",
        "description": "Creates a new webhook secret (`whsec_…`, shown in this response only) for the platform's\nendpoint. From then on every webhook carries, beside the regulator's `v1a` (Ed25519)\nsignature, a Standard Webhooks `v1` signature (HMAC-SHA256 with this secret) in the same\n`webhook-signature` header, so off-the-shelf Standard Webhooks libraries in any language\ncan verify it. Called again, it rotates without downtime: the previous secret keeps\nsigning too (both `v1` signatures are sent) for `overlapSeconds` (default a day), so the\nreceiver can switch secrets whenever it likes within that window. The platform may call\nit for itself (signed) or an administrator for it. Roles: `admin`.\n",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          },
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/PlatformId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/WebhookSecretRotation"
              },
              "example": {
                "overlapSeconds": 86400
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The new secret (shown once) and until when the previous one still signs.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookSecret"
                },
                "example": {
                  "secret": "whsec_LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "previousSecretExpiresAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "disableWebhookSecret",
        "tags": [
          "platforms"
        ],
        "summary": "Turn symmetric `v1` webhook signatures off",
        "description": "Retires every webhook secret of the platform at once: webhooks are signed `v1a` only\nagain. The platform may call it for itself (signed) or an administrator for it.\nRoles: `admin`.\n",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          },
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/PlatformId"
          }
        ],
        "responses": {
          "204": {
            "description": "No `v1` signatures any more.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/webhook-deliveries": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        }
      ],
      "get": {
        "operationId": "listWebhookDeliveries",
        "tags": [
          "platforms"
        ],
        "summary": "Webhook deliveries to a platform (dead letters with `state=dead`)",
        "description": "The webhook deliveries to one platform, newest first, with their attempts and state; `state=dead` lists the dead letters that ran out of retries and can be retried. Roles: `admin`.",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "state",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/WebhookDeliveryState"
            }
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "Deliveries, newest first.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "nextCursor"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/WebhookDelivery"
                      }
                    },
                    "nextCursor": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "additionalProperties": false
                },
                "example": {
                  "items": [
                    {
                      "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "platformId": "plt_demo",
                      "eventType": "lead.created",
                      "state": "pending",
                      "attempts": 0,
                      "nextAttemptAt": "2026-01-05T08:00:00.000Z",
                      "lastStatus": 1,
                      "lastError": "HTTP 503",
                      "createdAt": "2026-01-05T08:00:00.000Z",
                      "deliveredAt": "2026-01-05T08:00:00.000Z"
                    }
                  ],
                  "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/webhook-deliveries/{deliveryId}/retry": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        },
        {
          "name": "deliveryId",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string",
            "maxLength": 64
          }
        }
      ],
      "post": {
        "operationId": "retryWebhookDelivery",
        "tags": [
          "platforms"
        ],
        "summary": "Send a dead letter again",
        "description": "Puts a dead-lettered message back in the outbox (same `webhook-id`, attempts from zero),\ne.g. after the platform fixed its endpoint.\nRoles: `admin`.\n",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "responses": {
          "200": {
            "description": "The message, pending again.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/WebhookDelivery"
                },
                "example": {
                  "id": "msg_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "platformId": "plt_demo",
                  "eventType": "lead.created",
                  "state": "pending",
                  "attempts": 0,
                  "nextAttemptAt": "2026-01-05T08:00:00.000Z",
                  "lastStatus": 1,
                  "lastError": "HTTP 503",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "deliveredAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/leads": {
      "post": {
        "operationId": "createLead",
        "tags": [
          "leads"
        ],
        "summary": "Send a violation lead to a shop's platform",
        "description": "Creates a lead from a case (its shop) or a shop, for the platform that lists the\nshop, with deadlines to acknowledge and to act. The lead is delivered as a signed\n`lead.created` webhook through a durable outbox, and is always available to pull.\nRoles: `intake`, `district_handler`, `detachment_handler`, `admin`.\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LeadCreate"
              },
              "example": {
                "source": "case",
                "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                "summary": "Raw meat stored next to cooked food in the kitchen.",
                "violationCategory": "unhygienic_kitchen",
                "deadlines": {
                  "acknowledgeWithinSeconds": 60,
                  "actionWithinSeconds": 60
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The lead.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Lead"
                },
                "example": {
                  "id": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "platformId": "plt_demo",
                  "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "platformShopId": "ps-1001",
                  "shopName": "闽江面馆 Minjiang Noodle House",
                  "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "source": "case",
                  "summary": "Raw meat stored next to cooked food in the kitchen.",
                  "violationCategory": "unhygienic_kitchen",
                  "basis": "confirmed_violation",
                  "requestedAction": "take_down",
                  "status": "open",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "acknowledgeDueAt": "2026-01-05T08:00:00.000Z",
                  "actionDueAt": "2026-01-05T08:00:00.000Z",
                  "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                  "action": {
                    "leadId": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "action": "taken_down",
                    "at": "2026-01-05T08:00:00.000Z",
                    "evidence": [
                      {
                        "description": "Raw meat stored next to cooked food in the kitchen.",
                        "url": "https://platform.example/webhooks/ezhili",
                        "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                        "mediaType": "image/jpeg"
                      }
                    ],
                    "note": "Checked the licence on file; it expired in 2025.",
                    "reportedAt": "2026-01-05T08:00:00.000Z",
                    "attestation": {
                      "kid": "key_2026_01",
                      "alg": "EdDSA",
                      "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                      "signedAt": "2026-01-05T08:00:00.000Z",
                      "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                      "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                    }
                  },
                  "overdue": {
                    "acknowledge": false,
                    "action": false
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/leads": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        }
      ],
      "get": {
        "operationId": "listPlatformLeads",
        "tags": [
          "leads"
        ],
        "summary": "A platform's leads, oldest first, with a cursor (the pull channel)",
        "description": "A platform (signed call) pulls its leads in creation order: keep the last\n`nextCursor` and ask again later for newer ones. Staff see any platform's leads.\nRoles: any staff member (`intake`, `district_handler`, `detachment_handler`,\n`reward_committee`, `finance`, `auditor`, `admin`).\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          },
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "name": "status",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/LeadStatus"
            }
          },
          {
            "name": "overdue",
            "in": "query",
            "required": false,
            "description": "Only leads past a deadline without the step (acknowledgement or action).",
            "schema": {
              "type": "boolean"
            }
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of leads.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "nextCursor"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Lead"
                      }
                    },
                    "nextCursor": {
                      "description": "Pass as `cursor` to continue after the last item; stays usable when the page was the last one.",
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "additionalProperties": false
                },
                "example": {
                  "items": [
                    {
                      "id": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "platformId": "plt_demo",
                      "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "platformShopId": "ps-1001",
                      "shopName": "闽江面馆 Minjiang Noodle House",
                      "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "source": "case",
                      "summary": "Raw meat stored next to cooked food in the kitchen.",
                      "violationCategory": "unhygienic_kitchen",
                      "basis": "confirmed_violation",
                      "requestedAction": "take_down",
                      "status": "open",
                      "createdAt": "2026-01-05T08:00:00.000Z",
                      "acknowledgeDueAt": "2026-01-05T08:00:00.000Z",
                      "actionDueAt": "2026-01-05T08:00:00.000Z",
                      "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                      "action": {
                        "leadId": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                        "action": "taken_down",
                        "at": "2026-01-05T08:00:00.000Z",
                        "evidence": [
                          {
                            "description": "Raw meat stored next to cooked food in the kitchen.",
                            "url": "https://platform.example/webhooks/ezhili",
                            "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                            "mediaType": "image/jpeg"
                          }
                        ],
                        "note": "Checked the licence on file; it expired in 2025.",
                        "reportedAt": "2026-01-05T08:00:00.000Z",
                        "attestation": {
                          "kid": "key_2026_01",
                          "alg": "EdDSA",
                          "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                          "signedAt": "2026-01-05T08:00:00.000Z",
                          "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                          "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                        }
                      },
                      "overdue": {
                        "acknowledge": false,
                        "action": false
                      }
                    }
                  ],
                  "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/leads/{leadId}/acknowledgement": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        },
        {
          "$ref": "#/components/parameters/LeadId"
        }
      ],
      "post": {
        "operationId": "acknowledgeLead",
        "tags": [
          "leads"
        ],
        "summary": "Acknowledge a lead (signed)",
        "description": "Idempotent in effect; the first acknowledgement's time and signature are kept.",
        "security": [
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LeadAcknowledgement"
              },
              "example": {
                "note": "Checked the licence on file; it expired in 2025."
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The acknowledged lead.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Lead"
                },
                "example": {
                  "id": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "platformId": "plt_demo",
                  "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "platformShopId": "ps-1001",
                  "shopName": "闽江面馆 Minjiang Noodle House",
                  "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "source": "case",
                  "summary": "Raw meat stored next to cooked food in the kitchen.",
                  "violationCategory": "unhygienic_kitchen",
                  "basis": "confirmed_violation",
                  "requestedAction": "take_down",
                  "status": "open",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "acknowledgeDueAt": "2026-01-05T08:00:00.000Z",
                  "actionDueAt": "2026-01-05T08:00:00.000Z",
                  "acknowledgedAt": "2026-01-05T08:00:00.000Z",
                  "action": {
                    "leadId": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "action": "taken_down",
                    "at": "2026-01-05T08:00:00.000Z",
                    "evidence": [
                      {
                        "description": "Raw meat stored next to cooked food in the kitchen.",
                        "url": "https://platform.example/webhooks/ezhili",
                        "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                        "mediaType": "image/jpeg"
                      }
                    ],
                    "note": "Checked the licence on file; it expired in 2025.",
                    "reportedAt": "2026-01-05T08:00:00.000Z",
                    "attestation": {
                      "kid": "key_2026_01",
                      "alg": "EdDSA",
                      "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                      "signedAt": "2026-01-05T08:00:00.000Z",
                      "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                      "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                    }
                  },
                  "overdue": {
                    "acknowledge": false,
                    "action": false
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/leads/{leadId}/action": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        },
        {
          "$ref": "#/components/parameters/LeadId"
        }
      ],
      "post": {
        "operationId": "reportLeadAction",
        "tags": [
          "leads"
        ],
        "summary": "Report the action taken on a lead (signed), e.g. the shop taken down at time T",
        "description": "The platform reports, signed, what it did about a lead (e.g. the shop taken down at a time). The signed request is kept as the platform's attestation.",
        "security": [
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LeadActionReport"
              },
              "example": {
                "action": "taken_down",
                "at": "2026-01-05T08:00:00.000Z",
                "evidence": [
                  {
                    "description": "Raw meat stored next to cooked food in the kitchen.",
                    "url": "https://platform.example/webhooks/ezhili",
                    "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                    "mediaType": "image/jpeg"
                  }
                ],
                "note": "Checked the licence on file; it expired in 2025."
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The recorded action with the platform's attestation.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LeadAction"
                },
                "example": {
                  "leadId": "lead_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "action": "taken_down",
                  "at": "2026-01-05T08:00:00.000Z",
                  "evidence": [
                    {
                      "description": "Raw meat stored next to cooked food in the kitchen.",
                      "url": "https://platform.example/webhooks/ezhili",
                      "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                      "mediaType": "image/jpeg"
                    }
                  ],
                  "note": "Checked the licence on file; it expired in 2025.",
                  "reportedAt": "2026-01-05T08:00:00.000Z",
                  "attestation": {
                    "kid": "key_2026_01",
                    "alg": "EdDSA",
                    "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                    "signedAt": "2026-01-05T08:00:00.000Z",
                    "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                    "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/submitted-leads": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        }
      ],
      "post": {
        "operationId": "submitPlatformLead",
        "tags": [
          "leads"
        ],
        "summary": "Report a violation the platform detected (signed); it becomes a case routed like a tip",
        "description": "A violation the platform detected itself, reported signed; it becomes a case routed to the bureau like a worker's tip, with the platform as its source.",
        "security": [
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PlatformLeadSubmission"
              },
              "example": {
                "platformShopId": "ps-1001",
                "shopName": "闽江面馆 Minjiang Noodle House",
                "shopAddress": "12 Wuyi Road, Gulou District, Fuzhou",
                "districtCode": "350102",
                "violationCategory": "unhygienic_kitchen",
                "description": "Raw meat stored next to cooked food in the kitchen.",
                "observedAt": "2026-01-05T08:00:00.000Z",
                "evidence": [
                  {
                    "description": "Raw meat stored next to cooked food in the kitchen.",
                    "url": "https://platform.example/webhooks/ezhili",
                    "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                    "mediaType": "image/jpeg"
                  }
                ]
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The receipt; its id is the platform's reference.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PlatformLeadReceipt"
                },
                "example": {
                  "id": "plt_demo",
                  "receivedAt": "2026-01-05T08:00:00.000Z",
                  "attestation": {
                    "kid": "key_2026_01",
                    "alg": "EdDSA",
                    "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                    "signedAt": "2026-01-05T08:00:00.000Z",
                    "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                    "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/relisting-requests": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        }
      ],
      "post": {
        "operationId": "createRelistingRequest",
        "tags": [
          "relisting"
        ],
        "summary": "Ask to relist a taken-down shop (signed attestation of the platform's review)",
        "description": "The platform asks, signed, to relist a shop it took down, attesting its review of the shop; a regulator decides (`decideRelistingRequest`).",
        "security": [
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RelistingRequestCreate"
              },
              "example": {
                "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                "review": {
                  "checklist": [
                    {
                      "item": "example item",
                      "passed": false,
                      "note": "Checked the licence on file; it expired in 2025."
                    }
                  ],
                  "licence": {
                    "number": "example number",
                    "expiresOn": "2026-01-05"
                  },
                  "rectificationEvidence": [
                    {
                      "description": "Raw meat stored next to cooked food in the kitchen.",
                      "url": "https://platform.example/webhooks/ezhili",
                      "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                      "mediaType": "image/jpeg"
                    }
                  ],
                  "summary": "Raw meat stored next to cooked food in the kitchen."
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The pending request.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RelistingRequest"
                },
                "example": {
                  "id": "rlr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "platformId": "plt_demo",
                  "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "status": "pending",
                  "review": {
                    "checklist": [
                      {
                        "item": "example item",
                        "passed": false,
                        "note": "Checked the licence on file; it expired in 2025."
                      }
                    ],
                    "licence": {
                      "number": "example number",
                      "expiresOn": "2026-01-05"
                    },
                    "rectificationEvidence": [
                      {
                        "description": "Raw meat stored next to cooked food in the kitchen.",
                        "url": "https://platform.example/webhooks/ezhili",
                        "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                        "mediaType": "image/jpeg"
                      }
                    ],
                    "summary": "Raw meat stored next to cooked food in the kitchen."
                  },
                  "submittedAt": "2026-01-05T08:00:00.000Z",
                  "attestation": {
                    "kid": "key_2026_01",
                    "alg": "EdDSA",
                    "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                    "signedAt": "2026-01-05T08:00:00.000Z",
                    "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                    "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                  },
                  "decision": null
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/relisting-requests": {
      "get": {
        "operationId": "listRelistingRequests",
        "tags": [
          "relisting"
        ],
        "summary": "Relisting requests, newest first",
        "description": "Staff see every platform's requests; a platform (signed call) sees only its own. Roles: any staff member (`intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`).",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          },
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "name": "status",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/RelistingStatus"
            }
          },
          {
            "name": "platformId",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 64
            }
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of requests.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "nextCursor"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/RelistingRequest"
                      }
                    },
                    "nextCursor": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "additionalProperties": false
                },
                "example": {
                  "items": [
                    {
                      "id": "rlr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "platformId": "plt_demo",
                      "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "status": "pending",
                      "review": {
                        "checklist": [
                          {
                            "item": "example item",
                            "passed": false,
                            "note": "Checked the licence on file; it expired in 2025."
                          }
                        ],
                        "licence": {
                          "number": "example number",
                          "expiresOn": "2026-01-05"
                        },
                        "rectificationEvidence": [
                          {
                            "description": "Raw meat stored next to cooked food in the kitchen.",
                            "url": "https://platform.example/webhooks/ezhili",
                            "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                            "mediaType": "image/jpeg"
                          }
                        ],
                        "summary": "Raw meat stored next to cooked food in the kitchen."
                      },
                      "submittedAt": "2026-01-05T08:00:00.000Z",
                      "attestation": {
                        "kid": "key_2026_01",
                        "alg": "EdDSA",
                        "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                        "signedAt": "2026-01-05T08:00:00.000Z",
                        "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                        "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                      },
                      "decision": null
                    }
                  ],
                  "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/relisting-requests/{requestId}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/RelistingRequestId"
        }
      ],
      "get": {
        "operationId": "getRelistingRequest",
        "tags": [
          "relisting"
        ],
        "summary": "One relisting request with its review and decision",
        "description": "One relisting request with the platform's attestation, its review and the decision; a platform sees only its own requests. Roles: any staff member (`intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`).",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          },
          {
            "platformSignature": []
          }
        ],
        "responses": {
          "200": {
            "description": "The request.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RelistingRequest"
                },
                "example": {
                  "id": "rlr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "platformId": "plt_demo",
                  "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "status": "pending",
                  "review": {
                    "checklist": [
                      {
                        "item": "example item",
                        "passed": false,
                        "note": "Checked the licence on file; it expired in 2025."
                      }
                    ],
                    "licence": {
                      "number": "example number",
                      "expiresOn": "2026-01-05"
                    },
                    "rectificationEvidence": [
                      {
                        "description": "Raw meat stored next to cooked food in the kitchen.",
                        "url": "https://platform.example/webhooks/ezhili",
                        "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                        "mediaType": "image/jpeg"
                      }
                    ],
                    "summary": "Raw meat stored next to cooked food in the kitchen."
                  },
                  "submittedAt": "2026-01-05T08:00:00.000Z",
                  "attestation": {
                    "kid": "key_2026_01",
                    "alg": "EdDSA",
                    "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                    "signedAt": "2026-01-05T08:00:00.000Z",
                    "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                    "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                  },
                  "decision": null
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/relisting-requests/{requestId}/decision": {
      "parameters": [
        {
          "$ref": "#/components/parameters/RelistingRequestId"
        }
      ],
      "post": {
        "operationId": "decideRelistingRequest",
        "tags": [
          "relisting"
        ],
        "summary": "Approve or reject a relisting request, with reasons",
        "description": "The decision is sent to the platform as a signed `relisting.decided` webhook. Roles: `district_handler`, `detachment_handler`, `admin`.",
        "x-roles": [
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RelistingDecisionCreate"
              },
              "example": {
                "outcome": "approved",
                "reasons": "Review complete; licence verified."
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The decided request.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RelistingRequest"
                },
                "example": {
                  "id": "rlr_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "platformId": "plt_demo",
                  "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "status": "pending",
                  "review": {
                    "checklist": [
                      {
                        "item": "example item",
                        "passed": false,
                        "note": "Checked the licence on file; it expired in 2025."
                      }
                    ],
                    "licence": {
                      "number": "example number",
                      "expiresOn": "2026-01-05"
                    },
                    "rectificationEvidence": [
                      {
                        "description": "Raw meat stored next to cooked food in the kitchen.",
                        "url": "https://platform.example/webhooks/ezhili",
                        "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                        "mediaType": "image/jpeg"
                      }
                    ],
                    "summary": "Raw meat stored next to cooked food in the kitchen."
                  },
                  "submittedAt": "2026-01-05T08:00:00.000Z",
                  "attestation": {
                    "kid": "key_2026_01",
                    "alg": "EdDSA",
                    "jti": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
                    "signedAt": "2026-01-05T08:00:00.000Z",
                    "signature": "eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl",
                    "bodySha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c"
                  },
                  "decision": null
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/shops/{shopId}/relisting-status": {
      "parameters": [
        {
          "name": "shopId",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string",
            "maxLength": 64
          }
        }
      ],
      "get": {
        "operationId": "getShopRelistingStatus",
        "tags": [
          "relisting"
        ],
        "summary": "Whether a shop may be relisted",
        "description": "A shop taken down after a violation is relistable only once a relisting request is approved. Roles: any staff member (`intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`).",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          },
          {
            "platformSignature": []
          }
        ],
        "responses": {
          "200": {
            "description": "The shop's relisting status.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ShopRelistingStatus"
                },
                "example": {
                  "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "takenDown": false,
                  "takenDownAt": "2026-01-05T08:00:00.000Z",
                  "relistable": false,
                  "reason": "never_taken_down",
                  "latestRequestId": "latest_01kdx3r8n0m2v4q6s8t0w2y4z6"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/scorecard": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        }
      ],
      "get": {
        "operationId": "getPlatformScorecard",
        "tags": [
          "scorecards"
        ],
        "summary": "A platform's scorecard for a period, with the cards the rules propose",
        "description": "A platform's scorecard for a period (response times, actions on leads) with the cards the rules propose; a platform sees only its own. Roles: any staff member (`intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`).",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          },
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "name": "period",
            "in": "query",
            "required": false,
            "description": "A quarter (`2026-Q1`) or a month (`2026-03`), UTC; the current quarter by default.",
            "schema": {
              "$ref": "#/components/schemas/ScorecardPeriod"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The scorecard.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PlatformScorecard"
                },
                "example": {
                  "platformId": "plt_demo",
                  "period": "2025-Q4",
                  "from": "2026-01-05T08:00:00.000Z",
                  "to": "2026-01-05T08:00:00.000Z",
                  "leadsReceived": 1,
                  "acknowledged": 1,
                  "acknowledgedInTime": 1,
                  "acknowledgedInTimeRate": 1,
                  "takeDowns": 1,
                  "takeDownsInTime": 1,
                  "takeDownInTimeRate": 1,
                  "medianLeadToActionSeconds": 1,
                  "relisting": {
                    "approved": 1,
                    "rejected": 1,
                    "pending": 1,
                    "breaches": 0
                  },
                  "cards": {
                    "yellow": 1,
                    "red": 1
                  },
                  "proposedCards": [
                    {
                      "color": "yellow",
                      "ruleId": "rule_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "reason": "Review complete; licence verified."
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/cards": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        }
      ],
      "get": {
        "operationId": "listPlatformCards",
        "tags": [
          "scorecards"
        ],
        "summary": "Yellow and red cards issued to a platform, newest first",
        "description": "The yellow and red cards issued to a platform, newest first; a platform sees only its own. Roles: any staff member (`intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`).",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          },
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of cards.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "nextCursor"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/PlatformCard"
                      }
                    },
                    "nextCursor": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "additionalProperties": false
                },
                "example": {
                  "items": [
                    {
                      "id": "plt_demo",
                      "platformId": "plt_demo",
                      "color": "yellow",
                      "reason": "Review complete; licence verified.",
                      "period": "2025-Q4",
                      "ruleId": "rule_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "issuedAt": "2026-01-05T08:00:00.000Z"
                    }
                  ],
                  "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "issuePlatformCard",
        "tags": [
          "scorecards"
        ],
        "summary": "Issue a yellow or red card to a platform",
        "description": "The platform is notified by a signed `card.issued` webhook. Roles: `detachment_handler`, `admin`.",
        "x-roles": [
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PlatformCardIssue"
              },
              "example": {
                "color": "yellow",
                "reason": "Review complete; licence verified.",
                "period": "2025-Q4",
                "ruleId": "rule_01kdx3r8n0m2v4q6s8t0w2y4z6"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The issued card.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/PlatformCard"
                },
                "example": {
                  "id": "plt_demo",
                  "platformId": "plt_demo",
                  "color": "yellow",
                  "reason": "Review complete; licence verified.",
                  "period": "2025-Q4",
                  "ruleId": "rule_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "issuedAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/rewards/rules": {
      "get": {
        "operationId": "getRewardRules",
        "tags": [
          "rewards"
        ],
        "summary": "The reward rule this deployment applies",
        "description": "The active reward profile (levels with their percentage of the fines and confiscations,\nminimum amounts, the per-case cap, the internal-whistleblower multiplier, eligibility\nconditions, the claim window and the determination deadline) and the working-day\ncalendar the deadlines are counted in. Public: reporters read it before they claim.\nAmounts are integers in fen (1 yuan = 100 fen); see `docs/rewards.md` for the rounding.\n",
        "security": [],
        "responses": {
          "200": {
            "description": "The active rule and the calendar.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RewardRulesView"
                },
                "example": {
                  "rules": {
                    "id": "first-tip",
                    "name": "闽江面馆 Minjiang Noodle House",
                    "source": "example source",
                    "currency": "CNY",
                    "levels": [
                      {
                        "level": 1,
                        "description": "Raw meat stored next to cooked food in the kitchen.",
                        "percentBasisPoints": 1,
                        "minimumFen": 1
                      }
                    ],
                    "perCaseCapFen": 1,
                    "internalWhistleblowerMaxMultiplier": 1,
                    "rounding": "half_up_to_fen",
                    "claimWindowWorkingDays": 1,
                    "determinationWorkingDays": 1,
                    "eligibility": {
                      "outcomes": [
                        "violation_confirmed"
                      ],
                      "conditions": [
                        {
                          "code": "past_violations",
                          "description": "Raw meat stored next to cooked food in the kitchen."
                        }
                      ]
                    }
                  },
                  "calendar": {
                    "timeZone": "Asia/Shanghai",
                    "workingDays": "Mon-Fri",
                    "holidays": [
                      "2026-01-05"
                    ],
                    "extraWorkingDays": [
                      "2026-01-05"
                    ]
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/rewards/claims": {
      "post": {
        "operationId": "claimReward",
        "tags": [
          "rewards"
        ],
        "summary": "Claim the reward for a tip whose case closed with a confirmed violation",
        "description": "By identity code plus receipt secret (headers), or identity code plus the reporter\nsession that submitted the tip. A tip submitted anonymously must attach a reporter\naccount here (`attachAccount`, or the caller's reporter session): the reward is paid\nto that account's sealed bank details, and staff never learn which account it is.\nThe claim must arrive within the rule's claim window (working days after the case\nclosed). One claim per tip.\n",
        "security": [
          {},
          {
            "reporterSession": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdentityCodeHeader"
          },
          {
            "$ref": "#/components/parameters/ReceiptSecretHeader"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RewardClaimRequest"
              },
              "example": {
                "attachAccount": {
                  "phone": "13800000000",
                  "passphrase": "correct horse battery staple"
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The claim was recorded; the reporter's view of the reward.",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ReporterRewardState"
                },
                "example": {
                  "status": "claimable",
                  "claimDeadline": "2026-01-05T08:00:00.000Z",
                  "claimedAt": "2026-01-05T08:00:00.000Z",
                  "level": 1,
                  "amountFen": 1,
                  "payoutFailureReason": "Review complete; licence verified.",
                  "actionRequired": "attach_account",
                  "paidAt": "2026-01-05T08:00:00.000Z"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/TooManyRequests"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "get": {
        "operationId": "listRewardClaims",
        "tags": [
          "rewards"
        ],
        "summary": "Reward claims, with their deadlines",
        "description": "Handlers see the claims of their unit's cases; the reward committee, finance, auditors\nand admins see all. Staff see the identity code, level and amount, never the\nreporter. `overdue=true` lists claims past their determination deadline.\nRoles: `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`,\n`admin`.\n",
        "x-roles": [
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "state",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/RewardClaimState"
            }
          },
          {
            "name": "overdue",
            "in": "query",
            "required": false,
            "schema": {
              "type": "boolean"
            }
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "Claims, newest first.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RewardClaimList"
                },
                "example": {
                  "items": [
                    {
                      "id": "rwc_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "identityCode": "FZ-7K3M-Q9XD-K",
                      "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "state": "claimed",
                      "profileId": "profil_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "basisFen": 1,
                      "level": 1,
                      "internalWhistleblower": false,
                      "proposalReasons": "Review complete; licence verified.",
                      "ruleAmountFen": 1,
                      "amountBounds": {
                        "minFen": 1,
                        "maxFen": 1
                      },
                      "amountFen": 1,
                      "deviationReason": "Review complete; licence verified.",
                      "claimedAt": "2026-01-05T08:00:00.000Z",
                      "determinationDueAt": "2026-01-05T08:00:00.000Z",
                      "overdue": false,
                      "proposedAt": "2026-01-05T08:00:00.000Z",
                      "determinedAt": "2026-01-05T08:00:00.000Z",
                      "approvedAt": "2026-01-05T08:00:00.000Z",
                      "payout": {
                        "id": "payout_01kdx3r8n0m2v4q6s8t0w2y4z6",
                        "state": "pending",
                        "amountFen": 1,
                        "failureReason": "Review complete; licence verified.",
                        "attempts": 0,
                        "paidAt": "2026-01-05T08:00:00.000Z"
                      }
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/rewards/claims/{claimId}": {
      "get": {
        "operationId": "getRewardClaim",
        "tags": [
          "rewards"
        ],
        "summary": "One reward claim (staff view)",
        "description": "One reward claim as staff see it: the case, the amounts proposed and determined, the payout state. Never the reporter's identity or payout details. Roles: `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`.",
        "x-roles": [
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RewardClaimId"
          }
        ],
        "responses": {
          "200": {
            "description": "The claim.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RewardClaim"
                },
                "example": {
                  "id": "rwc_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "state": "claimed",
                  "profileId": "profil_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "basisFen": 1,
                  "level": 1,
                  "internalWhistleblower": false,
                  "proposalReasons": "Review complete; licence verified.",
                  "ruleAmountFen": 1,
                  "amountBounds": {
                    "minFen": 1,
                    "maxFen": 1
                  },
                  "amountFen": 1,
                  "deviationReason": "Review complete; licence verified.",
                  "claimedAt": "2026-01-05T08:00:00.000Z",
                  "determinationDueAt": "2026-01-05T08:00:00.000Z",
                  "overdue": false,
                  "proposedAt": "2026-01-05T08:00:00.000Z",
                  "determinedAt": "2026-01-05T08:00:00.000Z",
                  "approvedAt": "2026-01-05T08:00:00.000Z",
                  "payout": {
                    "id": "payout_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "state": "pending",
                    "amountFen": 1,
                    "failureReason": "Review complete; licence verified.",
                    "attempts": 0,
                    "paidAt": "2026-01-05T08:00:00.000Z"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/rewards/claims/{claimId}/proposal": {
      "post": {
        "operationId": "proposeReward",
        "tags": [
          "rewards"
        ],
        "summary": "The case handler proposes a reward level, with reasons",
        "description": "Only a handler of the unit that holds the case (the district bureau's\n`district_handler` for its district, or a `detachment_handler` for complex cases).\nRoles: `district_handler`, `detachment_handler`.\n",
        "x-roles": [
          "district_handler",
          "detachment_handler"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RewardClaimId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RewardProposal"
              },
              "example": {
                "level": 1,
                "internalWhistleblower": false,
                "reasons": "Review complete; licence verified."
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The claim with its proposal.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RewardClaim"
                },
                "example": {
                  "id": "rwc_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "state": "claimed",
                  "profileId": "profil_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "basisFen": 1,
                  "level": 1,
                  "internalWhistleblower": false,
                  "proposalReasons": "Review complete; licence verified.",
                  "ruleAmountFen": 1,
                  "amountBounds": {
                    "minFen": 1,
                    "maxFen": 1
                  },
                  "amountFen": 1,
                  "deviationReason": "Review complete; licence verified.",
                  "claimedAt": "2026-01-05T08:00:00.000Z",
                  "determinationDueAt": "2026-01-05T08:00:00.000Z",
                  "overdue": false,
                  "proposedAt": "2026-01-05T08:00:00.000Z",
                  "determinedAt": "2026-01-05T08:00:00.000Z",
                  "approvedAt": "2026-01-05T08:00:00.000Z",
                  "payout": {
                    "id": "payout_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "state": "pending",
                    "amountFen": 1,
                    "failureReason": "Review complete; licence verified.",
                    "attempts": 0,
                    "paidAt": "2026-01-05T08:00:00.000Z"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/rewards/claims/{claimId}/determination": {
      "post": {
        "operationId": "determineReward",
        "tags": [
          "rewards"
        ],
        "summary": "The reward committee determines the amount",
        "description": "Omit `amountFen` to take the rule's amount. A different amount must lie within the\nrule's bounds (`amountBounds` of the claim) and needs a written `reason`.\nRoles: `reward_committee`.\n",
        "x-roles": [
          "reward_committee"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RewardClaimId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RewardDetermination"
              },
              "example": {
                "amountFen": 1,
                "reason": "Review complete; licence verified."
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The claim with its determined amount.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RewardClaim"
                },
                "example": {
                  "id": "rwc_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "state": "claimed",
                  "profileId": "profil_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "basisFen": 1,
                  "level": 1,
                  "internalWhistleblower": false,
                  "proposalReasons": "Review complete; licence verified.",
                  "ruleAmountFen": 1,
                  "amountBounds": {
                    "minFen": 1,
                    "maxFen": 1
                  },
                  "amountFen": 1,
                  "deviationReason": "Review complete; licence verified.",
                  "claimedAt": "2026-01-05T08:00:00.000Z",
                  "determinationDueAt": "2026-01-05T08:00:00.000Z",
                  "overdue": false,
                  "proposedAt": "2026-01-05T08:00:00.000Z",
                  "determinedAt": "2026-01-05T08:00:00.000Z",
                  "approvedAt": "2026-01-05T08:00:00.000Z",
                  "payout": {
                    "id": "payout_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "state": "pending",
                    "amountFen": 1,
                    "failureReason": "Review complete; licence verified.",
                    "attempts": 0,
                    "paidAt": "2026-01-05T08:00:00.000Z"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/rewards/claims/{claimId}/payout-approval": {
      "post": {
        "operationId": "approvePayout",
        "tags": [
          "rewards"
        ],
        "summary": "Finance approves the payout; the payout module pays",
        "description": "Approves the determined amount and pays it through the payout adapter, exactly once\n(an idempotency key per payout; retries and restarts never pay twice). The payout\nmodule alone opens the reporter's payout envelope and checks that the bank account\nname matches the real name; a mismatch is a `422` and nothing is approved or paid.\nAfter a failed payout, approving again starts a new attempt.\nRoles: `finance`.\n",
        "x-roles": [
          "finance"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/RewardClaimId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PayoutApproval"
              },
              "example": {
                "note": "Checked the licence on file; it expired in 2025."
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The claim with its payout state (`paid`, `payout_failed`, or `payout_pending` while the bank is unreachable).",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RewardClaim"
                },
                "example": {
                  "id": "rwc_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "state": "claimed",
                  "profileId": "profil_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "basisFen": 1,
                  "level": 1,
                  "internalWhistleblower": false,
                  "proposalReasons": "Review complete; licence verified.",
                  "ruleAmountFen": 1,
                  "amountBounds": {
                    "minFen": 1,
                    "maxFen": 1
                  },
                  "amountFen": 1,
                  "deviationReason": "Review complete; licence verified.",
                  "claimedAt": "2026-01-05T08:00:00.000Z",
                  "determinationDueAt": "2026-01-05T08:00:00.000Z",
                  "overdue": false,
                  "proposedAt": "2026-01-05T08:00:00.000Z",
                  "determinedAt": "2026-01-05T08:00:00.000Z",
                  "approvedAt": "2026-01-05T08:00:00.000Z",
                  "payout": {
                    "id": "payout_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "state": "pending",
                    "amountFen": 1,
                    "failureReason": "Review complete; licence verified.",
                    "attempts": 0,
                    "paidAt": "2026-01-05T08:00:00.000Z"
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/unseal-requests": {
      "post": {
        "operationId": "createUnsealRequest",
        "tags": [
          "unseal"
        ],
        "summary": "Ask to open a reporter's sealed identity, or a sealed original, for an audit",
        "description": "Names a case, the legal basis and reason, and what to open (`target`: the reporter's\nidentity by default, or a sealed evidence or text original of the case, see\n`docs/redaction.md`). The response carries a one-time key,\nshown only here: the k auditors' shares are sealed to it as they arrive, and only the\nholder of this key can open the result, once (`getUnsealRequest` with the\n`Ezhili-Unseal-Key` header). The request expires if not opened in time.\nRoles: `auditor`, `admin`.\n",
        "x-roles": [
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UnsealRequestCreate"
              },
              "example": {
                "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                "legalBasis": "Food Safety Law of the PRC, Article 34",
                "reason": "Review complete; licence verified."
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The request, with its one-time key (shown once).",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UnsealRequestCreated"
                },
                "example": {
                  "id": "unseal_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "target": {
                    "type": "identity",
                    "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "redactionId": "red_01kdx3r8n0m2v4q6s8t0w2y4z6"
                  },
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "legalBasis": "Food Safety Law of the PRC, Article 34",
                  "reason": "Review complete; licence verified.",
                  "state": "pending",
                  "threshold": 2,
                  "approvals": [
                    {
                      "auditorId": "audito_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "submittedAt": "2026-01-05T08:00:00.000Z"
                    }
                  ],
                  "requestedBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "expiresAt": "2026-01-05T08:00:00.000Z",
                  "openedAt": "2026-01-05T08:00:00.000Z",
                  "identity": {
                    "realName": "张三 (example)",
                    "residentId": "reside_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "phone": "13800000000",
                    "bankAccount": {
                      "bankName": "Bank of Fuzhou",
                      "accountNumber": "6222020000000000000",
                      "accountName": "张三 (example)"
                    },
                    "identityVersion": 1
                  },
                  "oneTimeKey": "example oneTimeKey"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/unseal-requests/{unsealRequestId}": {
      "get": {
        "operationId": "getUnsealRequest",
        "tags": [
          "unseal"
        ],
        "summary": "An unseal request's state; with its one-time key, the opened identity (once)",
        "description": "Auditors and admins see the state, the legal basis and which auditors have\nsubmitted shares. The requester who sends the request's one-time key in\n`Ezhili-Unseal-Key` once k auditors have approved receives the opened identity in\nthis response, exactly once: the sealed shares are then destroyed, nothing opened is\nstored, and the reporter is told (through `getTip`) when and why.\nRoles: `auditor`, `admin`.\n",
        "x-roles": [
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/UnsealRequestId"
          },
          {
            "$ref": "#/components/parameters/UnsealKeyHeader"
          }
        ],
        "responses": {
          "200": {
            "description": "The request (and, once, the identity).",
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UnsealRequest"
                },
                "example": {
                  "id": "unseal_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "target": {
                    "type": "identity",
                    "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "redactionId": "red_01kdx3r8n0m2v4q6s8t0w2y4z6"
                  },
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "legalBasis": "Food Safety Law of the PRC, Article 34",
                  "reason": "Review complete; licence verified.",
                  "state": "pending",
                  "threshold": 2,
                  "approvals": [
                    {
                      "auditorId": "audito_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "submittedAt": "2026-01-05T08:00:00.000Z"
                    }
                  ],
                  "requestedBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "expiresAt": "2026-01-05T08:00:00.000Z",
                  "openedAt": "2026-01-05T08:00:00.000Z",
                  "identity": {
                    "realName": "张三 (example)",
                    "residentId": "reside_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "phone": "13800000000",
                    "bankAccount": {
                      "bankName": "Bank of Fuzhou",
                      "accountNumber": "6222020000000000000",
                      "accountName": "张三 (example)"
                    },
                    "identityVersion": 1
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "410": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/unseal-requests/{unsealRequestId}/original": {
      "get": {
        "operationId": "openUnsealedOriginal",
        "tags": [
          "unseal"
        ],
        "summary": "Download the sealed original an approved request opens (once)",
        "description": "For a request whose `target` is `evidence_original` or `text_original`: once k auditors\nhave approved, the requester sends the one-time key in `Ezhili-Unseal-Key` and receives\nthe original, exactly once (streamed): the evidence file as uploaded (unredacted,\nmetadata included), or the text as it was before the redaction (`text/plain`). The\naudit private key is rebuilt in memory from the shares and wiped, the sealed shares are\ndestroyed, the opening is audited, and the reporter is told through `getTip` (as for\nan identity). An identity request is opened with `getUnsealRequest` instead (`409`).\nRoles: `auditor`, `admin` (the requester only).\n",
        "x-roles": [
          "auditor",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/UnsealRequestId"
          },
          {
            "name": "Ezhili-Unseal-Key",
            "in": "header",
            "required": true,
            "description": "The one-time key from `createUnsealRequest`.",
            "schema": {
              "type": "string",
              "minLength": 43,
              "maxLength": 43
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The original.",
            "headers": {
              "Content-Disposition": {
                "$ref": "#/components/headers/ContentDisposition"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "Ezhili-Original-Sha256": {
                "description": "SHA-256 (hex) of the original as uploaded (evidence) or of the UTF-8 text.",
                "schema": {
                  "type": "string"
                }
              },
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "image/*": {
                "schema": {
                  "type": "string",
                  "contentMediaType": "application/octet-stream"
                }
              },
              "video/*": {
                "schema": {
                  "type": "string",
                  "contentMediaType": "application/octet-stream"
                }
              },
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "description": "Not yet approved by k auditors, already opened, or an identity request.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "notApproved": {
                    "value": {
                      "type": "https://ezhili.org/problems/not_approved",
                      "title": "Conflict",
                      "status": 409,
                      "code": "not_approved",
                      "detail": "The request needs 2 auditors' shares before it can be opened."
                    }
                  }
                }
              }
            }
          },
          "410": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/Problem"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/unseal-requests/{unsealRequestId}/shares": {
      "post": {
        "operationId": "submitUnsealShare",
        "tags": [
          "unseal"
        ],
        "summary": "An auditor approves an unseal request with their key share",
        "description": "Auditors only, one share each. The share is checked against the audit key's share\nfingerprints (a forged share or a share of another key is a `422`), then sealed to\nthe request's one-time key; the server never stores a share in the clear. The\nrequest is approved once k distinct auditors have submitted.\nRoles: `auditor`.\n",
        "x-roles": [
          "auditor"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/UnsealRequestId"
          },
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/UnsealShareSubmission"
              },
              "example": {
                "share": "example share"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The request after this approval.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/UnsealRequest"
                },
                "example": {
                  "id": "unseal_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "caseId": "case_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "target": {
                    "type": "identity",
                    "evidenceId": "evd_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "redactionId": "red_01kdx3r8n0m2v4q6s8t0w2y4z6"
                  },
                  "identityCode": "FZ-7K3M-Q9XD-K",
                  "legalBasis": "Food Safety Law of the PRC, Article 34",
                  "reason": "Review complete; licence verified.",
                  "state": "pending",
                  "threshold": 2,
                  "approvals": [
                    {
                      "auditorId": "audito_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "submittedAt": "2026-01-05T08:00:00.000Z"
                    }
                  ],
                  "requestedBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "expiresAt": "2026-01-05T08:00:00.000Z",
                  "openedAt": "2026-01-05T08:00:00.000Z",
                  "identity": {
                    "realName": "张三 (example)",
                    "residentId": "reside_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "phone": "13800000000",
                    "bankAccount": {
                      "bankName": "Bank of Fuzhou",
                      "accountNumber": "6222020000000000000",
                      "accountName": "张三 (example)"
                    },
                    "identityVersion": 1
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "410": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/shops/search": {
      "get": {
        "operationId": "searchShops",
        "tags": [
          "shops"
        ],
        "summary": "Search known shops by name (public listing data only)",
        "description": "For the whistleblow widget's shop picker: shops whose name contains `q`\n(case-insensitive), optionally in one district, best matches (name starts with\n`q`) first. Returns only what a platform shows publicly: name, address, district\nand the platform listing; never licence data, ratings, complaints or risk.\n",
        "security": [],
        "parameters": [
          {
            "name": "q",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 100
            }
          },
          {
            "name": "district",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/DistrictCode"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 50,
              "default": 10
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Matching shops.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ShopSearchHit"
                      }
                    }
                  },
                  "additionalProperties": false
                },
                "example": {
                  "items": [
                    {
                      "id": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "name": "闽江面馆 Minjiang Noodle House",
                      "address": "12 Wuyi Road, Gulou District, Fuzhou",
                      "districtCode": "350102",
                      "platformId": "plt_demo",
                      "platformShopId": "ps-1001"
                    }
                  ]
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/platforms/{platformId}/shop-feed": {
      "parameters": [
        {
          "$ref": "#/components/parameters/PlatformId"
        }
      ],
      "post": {
        "operationId": "ingestShopFeed",
        "tags": [
          "shops"
        ],
        "summary": "Push shop listings (signed; JSON batch or NDJSON)",
        "description": "Upserts the platform's listings by `platformShopId`: name, address, district,\nlicence, categories, rating, complaint count, online state. The body is either\n`{\"shops\": [ShopListing, ...]}` or NDJSON (`application/x-ndjson`, one ShopListing\nper line). Each row is checked on its own: bad rows (unknown district, bad dates,\nnegative counts, missing name) are listed with their row number and reason while\nthe good rows load. Sending the same batch again changes nothing.\n\nA shop taken down after a violation comes back online only after the regulator\napproves a relisting request: a feed that would put such a shop online is refused\nwhole with `409 relisting_not_approved` (each offending row in `errors`), nothing\nof it is loaded, and the attempt is recorded as a relisting breach on the\nplatform's scorecard. Where the deployment makes this platform's feed authoritative\n(`RELISTING_AUTHORITATIVE_FEEDS`), the feed loads and the shop goes online, and the\nbreach is recorded all the same.\n",
        "security": [
          {
            "platformSignature": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ShopFeedBatch"
              },
              "example": {
                "shops": [
                  {
                    "platformShopId": "ps-1001",
                    "name": "闽江面馆 Minjiang Noodle House",
                    "address": "12 Wuyi Road, Gulou District, Fuzhou",
                    "districtCode": "350102",
                    "licenceNumber": "JY13501020000001",
                    "licenceExpiry": "2026-01-05",
                    "licenceIssued": "2026-01-05",
                    "categories": [
                      "example categorie"
                    ],
                    "rating": 1,
                    "complaintCount": 0,
                    "online": false,
                    "area": "example area",
                    "extra": {
                      "example": "example example"
                    }
                  }
                ]
              }
            },
            "application/x-ndjson": {
              "schema": {
                "type": "string",
                "description": "One ShopListing JSON object per line."
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "What was loaded and what was refused.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ShopFeedResult"
                },
                "example": {
                  "received": 1,
                  "created": 1,
                  "updated": 1,
                  "unchanged": 1,
                  "rejected": 1,
                  "rejections": [
                    {
                      "row": 1,
                      "field": "example field",
                      "reason": "Review complete; licence verified."
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "413": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/risk/inspection-imports": {
      "post": {
        "operationId": "importInspections",
        "tags": [
          "risk"
        ],
        "summary": "Import inspection records (streamed CSV or NDJSON)",
        "description": "Streams the body row by row (files of millions of rows are fine) and loads the\nrecords in batches. Columns are read through a column mapping: `mapping` names a\nshipped mapping (e.g. `sf-dph-inspections`); without it the columns must carry the\ncanonical names (`date`, `licenceNumber` or `platformId` + `platformShopId`,\n`result`, `score`, `critical`, `serious`, `minor`, `violations`, `externalId`).\nRecords link to shops by licence number or platform listing. Malformed rows are\nrefused with row numbers and reasons; good rows load; importing the same file again\ncreates no duplicates.\nRoles: `intake`, `admin`.\n",
        "x-roles": [
          "intake",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "name": "mapping",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[a-z0-9-]{1,64}$"
            }
          },
          {
            "name": "source",
            "in": "query",
            "required": false,
            "description": "Overrides the mapping's source name (records are unique per source).",
            "schema": {
              "type": "string",
              "pattern": "^[a-z0-9-]{1,64}$"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "text/csv": {
              "schema": {
                "type": "string"
              }
            },
            "application/x-ndjson": {
              "schema": {
                "type": "string"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The import's summary.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InspectionImportResult"
                },
                "example": {
                  "importId": "imp_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "source": "example source",
                  "mapping": "example mapping",
                  "rowsRead": 1,
                  "inserted": 1,
                  "duplicates": 1,
                  "rejected": 1,
                  "rejectedByReason": {
                    "example": 1
                  },
                  "rejections": [
                    {
                      "row": 1,
                      "field": "example field",
                      "reason": "Review complete; licence verified."
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/risk/covariate-imports": {
      "post": {
        "operationId": "importRiskCovariates",
        "tags": [
          "risk"
        ],
        "summary": "Import a covariate data set keyed by area and date (streamed CSV or NDJSON)",
        "description": "Loads area-and-date data (complaints, sanitation requests, weather) that model\nfeatures of source `covariate` aggregate over a trailing window, point in time. Each\nrow is a `dataset`, an `area` (a shop's `area`; empty = everywhere, `*`), a `date` and a\n`value` (default 1: one event), read through a column mapping of kind `covariates`\n(`mapping`) or the canonical column names. Rows are keyed by their whole content, so\nimporting a file again adds nothing.\nRoles: `intake`, `admin`.\n",
        "x-roles": [
          "intake",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          },
          {
            "name": "mapping",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "pattern": "^[a-z0-9-]{1,64}$"
            }
          },
          {
            "name": "dataset",
            "in": "query",
            "required": false,
            "description": "The data set every row belongs to (overrides a mapped `dataset` column).",
            "schema": {
              "type": "string",
              "pattern": "^[a-z0-9-]{1,64}$"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "text/csv": {
              "schema": {
                "type": "string"
              },
              "examples": {
                "complaints": {
                  "value": "area,date,value\n60614,2014-08-01,1\n60614,2014-08-02,3\n"
                }
              }
            },
            "application/x-ndjson": {
              "schema": {
                "type": "string"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The import's summary.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CovariateImportResult"
                },
                "examples": {
                  "done": {
                    "value": {
                      "importId": "cov_01JD8S6K5Z3Y7Q2W4E6R8T0Y2U",
                      "datasets": [
                        "sanitation-complaints"
                      ],
                      "rowsRead": 2,
                      "inserted": 2,
                      "duplicates": 0,
                      "rejected": 0,
                      "rejectedByReason": {},
                      "rejections": []
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "413": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/risk/model": {
      "get": {
        "operationId": "getRiskModel",
        "tags": [
          "risk"
        ],
        "summary": "The current risk model (or one version of it)",
        "description": "Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "version",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The model.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RiskModel"
                },
                "example": {
                  "name": "闽江面馆 Minjiang Noodle House",
                  "description": "Raw meat stored next to cooked food in the kitchen.",
                  "intercept": 1,
                  "halfLifeDays": 1,
                  "indicators": [
                    {
                      "indicator": "critical_recent",
                      "name": "past_violations",
                      "feature": {
                        "source": "shop",
                        "field": "example field",
                        "type": "numeric",
                        "aggregate": "count",
                        "windowDays": 1,
                        "dataset": "ps-1001"
                      },
                      "levels": [
                        {
                          "value": "example value",
                          "weight": 1
                        }
                      ],
                      "otherWeight": 1,
                      "minCount": 1,
                      "weight": 1,
                      "transform": "identity",
                      "cap": 1,
                      "center": 1,
                      "scale": 1
                    }
                  ],
                  "tiers": {
                    "B": 1,
                    "C": 1,
                    "D": 1
                  },
                  "leadTier": "A",
                  "calibration": {},
                  "version": 1,
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "createdBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "put": {
        "operationId": "putRiskModel",
        "tags": [
          "risk"
        ],
        "summary": "Replace the risk model (a new version)",
        "description": "Validates the whole model (known indicators, finite weights, ascending tier\nthresholds) and stores it as the next version; a model identical to the current one\nis answered with the current version (200) and stores nothing. Role `admin`.\nRoles: `admin`.\n",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RiskModelInput"
              },
              "example": {
                "name": "闽江面馆 Minjiang Noodle House",
                "description": "Raw meat stored next to cooked food in the kitchen.",
                "intercept": 1,
                "halfLifeDays": 1,
                "indicators": [
                  {
                    "indicator": "critical_recent",
                    "name": "past_violations",
                    "feature": {
                      "source": "shop",
                      "field": "example field",
                      "type": "numeric",
                      "aggregate": "count",
                      "windowDays": 1,
                      "dataset": "ps-1001"
                    },
                    "levels": [
                      {
                        "value": "example value",
                        "weight": 1
                      }
                    ],
                    "otherWeight": 1,
                    "minCount": 1,
                    "weight": 1,
                    "transform": "identity",
                    "cap": 1,
                    "center": 1,
                    "scale": 1
                  }
                ],
                "tiers": {
                  "B": 1,
                  "C": 1,
                  "D": 1
                },
                "leadTier": "A",
                "calibration": {}
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Unchanged; the current version.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RiskModel"
                },
                "example": {
                  "name": "闽江面馆 Minjiang Noodle House",
                  "description": "Raw meat stored next to cooked food in the kitchen.",
                  "intercept": 1,
                  "halfLifeDays": 1,
                  "indicators": [
                    {
                      "indicator": "critical_recent",
                      "name": "past_violations",
                      "feature": {
                        "source": "shop",
                        "field": "example field",
                        "type": "numeric",
                        "aggregate": "count",
                        "windowDays": 1,
                        "dataset": "ps-1001"
                      },
                      "levels": [
                        {
                          "value": "example value",
                          "weight": 1
                        }
                      ],
                      "otherWeight": 1,
                      "minCount": 1,
                      "weight": 1,
                      "transform": "identity",
                      "cap": 1,
                      "center": 1,
                      "scale": 1
                    }
                  ],
                  "tiers": {
                    "B": 1,
                    "C": 1,
                    "D": 1
                  },
                  "leadTier": "A",
                  "calibration": {},
                  "version": 1,
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "createdBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6"
                }
              }
            }
          },
          "201": {
            "description": "Stored as a new version.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RiskModel"
                },
                "example": {
                  "name": "闽江面馆 Minjiang Noodle House",
                  "description": "Raw meat stored next to cooked food in the kitchen.",
                  "intercept": 1,
                  "halfLifeDays": 1,
                  "indicators": [
                    {
                      "indicator": "critical_recent",
                      "name": "past_violations",
                      "feature": {
                        "source": "shop",
                        "field": "example field",
                        "type": "numeric",
                        "aggregate": "count",
                        "windowDays": 1,
                        "dataset": "ps-1001"
                      },
                      "levels": [
                        {
                          "value": "example value",
                          "weight": 1
                        }
                      ],
                      "otherWeight": 1,
                      "minCount": 1,
                      "weight": 1,
                      "transform": "identity",
                      "cap": 1,
                      "center": 1,
                      "scale": 1
                    }
                  ],
                  "tiers": {
                    "B": 1,
                    "C": 1,
                    "D": 1
                  },
                  "leadTier": "A",
                  "calibration": {},
                  "version": 1,
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "createdBy": "staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/risk/runs": {
      "post": {
        "operationId": "createRiskRun",
        "tags": [
          "risk"
        ],
        "summary": "Score every shop (optionally turning the top tier into leads)",
        "description": "Scores every shop in the registry 0–100 with the current (or given) model, as of a\ndate, in one set-based pass; each score records the model version and the\nper-indicator contributions. With `createLeads`, every shop of the model's lead tier\nthat a platform lists becomes a `risk` lead for that platform, except shops that\nalready have an open lead.\nRoles: `detachment_handler`, `admin`.\n",
        "x-roles": [
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": false,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RiskRunRequest"
              },
              "example": {
                "asOf": "2026-01-05",
                "modelVersion": 1,
                "createLeads": false,
                "createTasks": false,
                "tasksPerUnit": 1
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The finished run.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RiskRun"
                },
                "example": {
                  "id": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "modelVersion": 1,
                  "asOf": "2026-01-05",
                  "status": "running",
                  "startedAt": "2026-01-05T08:00:00.000Z",
                  "finishedAt": "2026-01-05T08:00:00.000Z",
                  "shopsScored": 1,
                  "tierCounts": {
                    "A": 1,
                    "B": 1,
                    "C": 1,
                    "D": 1
                  },
                  "leads": {
                    "requested": false,
                    "created": 1,
                    "skippedOpenLead": 1,
                    "skippedNoPlatform": 1
                  },
                  "tasks": {
                    "requested": false,
                    "created": 1,
                    "skippedOpenTask": 1,
                    "byUnit": {
                      "example": 1
                    }
                  },
                  "durationMs": 1
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/risk/runs/{runId}": {
      "parameters": [
        {
          "name": "runId",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string",
            "maxLength": 64
          }
        }
      ],
      "get": {
        "operationId": "getRiskRun",
        "tags": [
          "risk"
        ],
        "summary": "One scoring run",
        "description": "One risk scoring run: its model version, state, counts and when it ran. Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "The run.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RiskRun"
                },
                "example": {
                  "id": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "modelVersion": 1,
                  "asOf": "2026-01-05",
                  "status": "running",
                  "startedAt": "2026-01-05T08:00:00.000Z",
                  "finishedAt": "2026-01-05T08:00:00.000Z",
                  "shopsScored": 1,
                  "tierCounts": {
                    "A": 1,
                    "B": 1,
                    "C": 1,
                    "D": 1
                  },
                  "leads": {
                    "requested": false,
                    "created": 1,
                    "skippedOpenLead": 1,
                    "skippedNoPlatform": 1
                  },
                  "tasks": {
                    "requested": false,
                    "created": 1,
                    "skippedOpenTask": 1,
                    "byUnit": {
                      "example": 1
                    }
                  },
                  "durationMs": 1
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/risk/shops": {
      "get": {
        "operationId": "listShopRisks",
        "tags": [
          "risk"
        ],
        "summary": "Shops by risk, highest first",
        "description": "The scores of one run (default: the latest completed run), highest first, filtered\nby tier, district and platform. A `district_handler` sees only their district.\nRoles: `intake`, `district_handler`, `detachment_handler`, `admin`.\n",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "runId",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 64
            }
          },
          {
            "name": "tier",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/RiskTier"
            }
          },
          {
            "name": "district",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/DistrictCode"
            }
          },
          {
            "name": "platform",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 64
            }
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of shop risks.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "run",
                    "items",
                    "nextCursor"
                  ],
                  "properties": {
                    "run": {
                      "$ref": "#/components/schemas/RiskRun"
                    },
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/ShopRisk"
                      }
                    },
                    "nextCursor": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "additionalProperties": false
                },
                "example": {
                  "run": {
                    "id": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                    "modelVersion": 1,
                    "asOf": "2026-01-05",
                    "status": "running",
                    "startedAt": "2026-01-05T08:00:00.000Z",
                    "finishedAt": "2026-01-05T08:00:00.000Z",
                    "shopsScored": 1,
                    "tierCounts": {
                      "A": 1,
                      "B": 1,
                      "C": 1,
                      "D": 1
                    },
                    "leads": {
                      "requested": false,
                      "created": 1,
                      "skippedOpenLead": 1,
                      "skippedNoPlatform": 1
                    },
                    "tasks": {
                      "requested": false,
                      "created": 1,
                      "skippedOpenTask": 1,
                      "byUnit": {
                        "example": 1
                      }
                    },
                    "durationMs": 1
                  },
                  "items": [
                    {
                      "runId": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "modelVersion": 1,
                      "asOf": "2026-01-05",
                      "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                      "shopName": "闽江面馆 Minjiang Noodle House",
                      "districtCode": "350102",
                      "platformId": "plt_demo",
                      "score": 1,
                      "tier": "A",
                      "contributions": [
                        {
                          "indicator": "example indicator",
                          "value": 1,
                          "levels": [
                            "example level"
                          ],
                          "contribution": 1
                        }
                      ]
                    }
                  ],
                  "nextCursor": "WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/risk/shops/{shopId}": {
      "parameters": [
        {
          "name": "shopId",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string",
            "maxLength": 64
          }
        }
      ],
      "get": {
        "operationId": "getShopRisk",
        "tags": [
          "risk"
        ],
        "summary": "One shop's score and why",
        "description": "The shop's score in one run (default the latest completed run) with every indicator's value and contribution. Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.",
        "x-roles": [
          "intake",
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "runId",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 64
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The shop's risk.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ShopRisk"
                },
                "example": {
                  "runId": "rrun_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "modelVersion": 1,
                  "asOf": "2026-01-05",
                  "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "shopName": "闽江面馆 Minjiang Noodle House",
                  "districtCode": "350102",
                  "platformId": "plt_demo",
                  "score": 1,
                  "tier": "A",
                  "contributions": [
                    {
                      "indicator": "example indicator",
                      "value": 1,
                      "levels": [
                        "example level"
                      ],
                      "contribution": 1
                    }
                  ]
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/risk/backtests": {
      "post": {
        "operationId": "createRiskBacktest",
        "tags": [
          "risk"
        ],
        "summary": "Calibrate and tune on history, then measure the ranking on a held-out period",
        "description": "Windows by time (`train`, `validation`, `test`, each `[start, end)`; or `splitDate`):\nfits the model's indicator weights by L2-regularised logistic regression on the\ntraining window (features from data dated before each inspection only), chooses L2\nstrength, half-life and minimum category count on the validation window only, refits\non both, then scores every inspection of the test window — including those without\nan earlier record (`firstInspectionPolicy`) — and reports the model beside the\nprevious-inspection baseline and a random ranking on the same rows: AUC, hit rates,\nshare found in the first half, mean days earlier, ROC and lift curves, bootstrap\nintervals, and warnings. `calibrate: false` measures the model as it is. The result\nand the per-inspection scores are stored (`listRiskBacktests`,\n`exportRiskBacktestScores`).\nRoles: `admin`.\n",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RiskBacktestRequest"
              },
              "examples": {
                "windows": {
                  "summary": "Explicit windows, settings chosen on validation",
                  "value": {
                    "train": {
                      "start": "2015-01-01",
                      "end": "2016-06-16"
                    },
                    "validation": {
                      "start": "2016-06-16",
                      "end": "2017-02-16"
                    },
                    "test": {
                      "start": "2017-02-16",
                      "end": "2018-03-01"
                    },
                    "target": "critical"
                  }
                },
                "split": {
                  "summary": "A split date (validation is the last quarter before it)",
                  "value": {
                    "splitDate": "2017-02-16"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "The backtest's results.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RiskBacktest"
                },
                "example": {
                  "id": "risk_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "splitDate": "2026-01-05",
                  "target": "example target",
                  "windows": {
                    "train": {
                      "start": "2026-01-05",
                      "end": "2026-01-05"
                    },
                    "validation": {
                      "start": "2026-01-05",
                      "end": "2026-01-05"
                    },
                    "test": {
                      "start": "2026-01-05",
                      "end": "2026-01-05"
                    }
                  },
                  "calibrated": false,
                  "trainInspections": 1,
                  "testInspections": 1,
                  "testPositives": 1,
                  "testFirstInspections": 1,
                  "firstInspectionPolicy": "example firstInspectionPolicy",
                  "model": {
                    "auc": 1,
                    "aucCi": [
                      1,
                      1
                    ],
                    "hitRateTop10": 1,
                    "hitRateTop20": 1,
                    "shareFoundFirstHalf": 1,
                    "meanDaysEarlier": 1,
                    "daysEarlierCi": [
                      1,
                      1
                    ],
                    "roc": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ],
                    "lift": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ]
                  },
                  "baseline": {
                    "auc": 1,
                    "aucCi": [
                      1,
                      1
                    ],
                    "hitRateTop10": 1,
                    "hitRateTop20": 1,
                    "shareFoundFirstHalf": 1,
                    "meanDaysEarlier": 1,
                    "daysEarlierCi": [
                      1,
                      1
                    ],
                    "roc": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ],
                    "lift": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ]
                  },
                  "random": {
                    "auc": 1,
                    "aucCi": [
                      1,
                      1
                    ],
                    "hitRateTop10": 1,
                    "hitRateTop20": 1,
                    "shareFoundFirstHalf": 1,
                    "meanDaysEarlier": 1,
                    "daysEarlierCi": [
                      1,
                      1
                    ],
                    "roc": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ],
                    "lift": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ]
                  },
                  "gainOverBaseline": {
                    "auc": 1,
                    "aucCi": [
                      1
                    ],
                    "daysEarlier": 1,
                    "daysEarlierCi": [
                      1
                    ]
                  },
                  "selection": {
                    "chosen": {
                      "l2": 1,
                      "halfLifeDays": 1,
                      "minCount": 1
                    },
                    "validationAuc": 1,
                    "validationBaselineAuc": 1,
                    "candidates": [
                      {
                        "l2": 1,
                        "halfLifeDays": 1,
                        "minCount": 1,
                        "validationAuc": 1
                      }
                    ]
                  },
                  "warnings": [
                    {
                      "code": "example code",
                      "detail": "example detail",
                      "indicators": [
                        "example indicator"
                      ]
                    }
                  ],
                  "bootstrapResamples": 1,
                  "calibratedModel": {
                    "name": "闽江面馆 Minjiang Noodle House",
                    "description": "Raw meat stored next to cooked food in the kitchen.",
                    "intercept": 1,
                    "halfLifeDays": 1,
                    "indicators": [
                      {
                        "indicator": "critical_recent",
                        "name": "past_violations",
                        "feature": {
                          "source": "shop",
                          "field": "example field",
                          "type": "numeric",
                          "aggregate": "count",
                          "windowDays": 1,
                          "dataset": "ps-1001"
                        },
                        "levels": [
                          {
                            "value": "example value",
                            "weight": 1
                          }
                        ],
                        "otherWeight": 1,
                        "minCount": 1,
                        "weight": 1,
                        "transform": "identity",
                        "cap": 1,
                        "center": 1,
                        "scale": 1
                      }
                    ],
                    "tiers": {
                      "B": 1,
                      "C": 1,
                      "D": 1
                    },
                    "leadTier": "A",
                    "calibration": {}
                  },
                  "savedModelVersion": 1
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "422": {
            "description": "Windows that do not fit, or not enough history to calibrate.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "windows": {
                    "value": {
                      "type": "https://ezhili.org/problems/invalid_backtest_windows",
                      "title": "Unprocessable Content",
                      "status": 422,
                      "code": "invalid_backtest_windows",
                      "detail": "The backtest windows do not fit: train must end before test starts."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "get": {
        "operationId": "listRiskBacktests",
        "tags": [
          "risk"
        ],
        "summary": "Stored backtests, newest first",
        "description": "Summaries of the stored backtests (windows, AUCs, days earlier, warning codes). Roles: `admin`.",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of backtest summaries.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "nextCursor"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/RiskBacktestSummary"
                      }
                    },
                    "nextCursor": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "additionalProperties": false
                },
                "examples": {
                  "one": {
                    "value": {
                      "items": [
                        {
                          "id": "rbt_01JD8S6K5Z3Y7Q2W4E6R8T0Y2U",
                          "createdAt": "2026-06-01T08:00:00.000Z",
                          "target": "critical",
                          "windows": {
                            "train": {
                              "start": "2015-02-02",
                              "end": "2016-06-16"
                            },
                            "validation": {
                              "start": "2016-06-16",
                              "end": "2017-02-16"
                            },
                            "test": {
                              "start": "2017-02-16",
                              "end": "2018-02-01"
                            }
                          },
                          "calibrated": true,
                          "testInspections": 5163,
                          "testPositives": 1476,
                          "modelAuc": 0.7512,
                          "baselineAuc": 0.724,
                          "modelDaysEarlier": 56.1,
                          "baselineDaysEarlier": 53.5,
                          "warnings": [],
                          "scoresKept": true
                        }
                      ],
                      "nextCursor": null
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/risk/backtests/{backtestId}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/BacktestId"
        }
      ],
      "get": {
        "operationId": "getRiskBacktest",
        "tags": [
          "risk"
        ],
        "summary": "One stored backtest, read back in full",
        "description": "The stored result, as `createRiskBacktest` answered it. Roles: `admin`.",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "The backtest.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RiskBacktest"
                },
                "example": {
                  "id": "risk_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "splitDate": "2026-01-05",
                  "target": "example target",
                  "windows": {
                    "train": {
                      "start": "2026-01-05",
                      "end": "2026-01-05"
                    },
                    "validation": {
                      "start": "2026-01-05",
                      "end": "2026-01-05"
                    },
                    "test": {
                      "start": "2026-01-05",
                      "end": "2026-01-05"
                    }
                  },
                  "calibrated": false,
                  "trainInspections": 1,
                  "testInspections": 1,
                  "testPositives": 1,
                  "testFirstInspections": 1,
                  "firstInspectionPolicy": "example firstInspectionPolicy",
                  "model": {
                    "auc": 1,
                    "aucCi": [
                      1,
                      1
                    ],
                    "hitRateTop10": 1,
                    "hitRateTop20": 1,
                    "shareFoundFirstHalf": 1,
                    "meanDaysEarlier": 1,
                    "daysEarlierCi": [
                      1,
                      1
                    ],
                    "roc": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ],
                    "lift": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ]
                  },
                  "baseline": {
                    "auc": 1,
                    "aucCi": [
                      1,
                      1
                    ],
                    "hitRateTop10": 1,
                    "hitRateTop20": 1,
                    "shareFoundFirstHalf": 1,
                    "meanDaysEarlier": 1,
                    "daysEarlierCi": [
                      1,
                      1
                    ],
                    "roc": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ],
                    "lift": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ]
                  },
                  "random": {
                    "auc": 1,
                    "aucCi": [
                      1,
                      1
                    ],
                    "hitRateTop10": 1,
                    "hitRateTop20": 1,
                    "shareFoundFirstHalf": 1,
                    "meanDaysEarlier": 1,
                    "daysEarlierCi": [
                      1,
                      1
                    ],
                    "roc": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ],
                    "lift": [
                      {
                        "x": 1,
                        "y": 1
                      }
                    ]
                  },
                  "gainOverBaseline": {
                    "auc": 1,
                    "aucCi": [
                      1
                    ],
                    "daysEarlier": 1,
                    "daysEarlierCi": [
                      1
                    ]
                  },
                  "selection": {
                    "chosen": {
                      "l2": 1,
                      "halfLifeDays": 1,
                      "minCount": 1
                    },
                    "validationAuc": 1,
                    "validationBaselineAuc": 1,
                    "candidates": [
                      {
                        "l2": 1,
                        "halfLifeDays": 1,
                        "minCount": 1,
                        "validationAuc": 1
                      }
                    ]
                  },
                  "warnings": [
                    {
                      "code": "example code",
                      "detail": "example detail",
                      "indicators": [
                        "example indicator"
                      ]
                    }
                  ],
                  "bootstrapResamples": 1,
                  "calibratedModel": {
                    "name": "闽江面馆 Minjiang Noodle House",
                    "description": "Raw meat stored next to cooked food in the kitchen.",
                    "intercept": 1,
                    "halfLifeDays": 1,
                    "indicators": [
                      {
                        "indicator": "critical_recent",
                        "name": "past_violations",
                        "feature": {
                          "source": "shop",
                          "field": "example field",
                          "type": "numeric",
                          "aggregate": "count",
                          "windowDays": 1,
                          "dataset": "ps-1001"
                        },
                        "levels": [
                          {
                            "value": "example value",
                            "weight": 1
                          }
                        ],
                        "otherWeight": 1,
                        "minCount": 1,
                        "weight": 1,
                        "transform": "identity",
                        "cap": 1,
                        "center": 1,
                        "scale": 1
                      }
                    ],
                    "tiers": {
                      "B": 1,
                      "C": 1,
                      "D": 1
                    },
                    "leadTier": "A",
                    "calibration": {}
                  },
                  "savedModelVersion": 1
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "description": "No such backtest.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "missing": {
                    "value": {
                      "type": "https://ezhili.org/problems/risk_backtest_not_found",
                      "title": "Not Found",
                      "status": 404,
                      "code": "risk_backtest_not_found",
                      "detail": "No risk backtest rbt_x."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/risk/backtests/{backtestId}/scores": {
      "parameters": [
        {
          "$ref": "#/components/parameters/BacktestId"
        }
      ],
      "get": {
        "operationId": "exportRiskBacktestScores",
        "tags": [
          "risk"
        ],
        "summary": "Per-inspection scores of a backtest (CSV or NDJSON)",
        "description": "Every test inspection, highest model score first: `recordKey`, `source`, `shopId`,\n`shopExternalId` (the platform listing id, else the licence number), `date`,\n`positive`, `score` (full precision), `baseline` (the previous-inspection value;\nempty without an earlier record) and `rank`. Streamed. The newest 20 backtests keep\ntheir scores; older ones answer 404 `risk_backtest_scores_gone`.\nRoles: `admin`.\n",
        "x-roles": [
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "format",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "csv",
                "ndjson"
              ],
              "default": "csv"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The scores.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Content-Disposition": {
                "$ref": "#/components/headers/ContentDisposition"
              }
            },
            "content": {
              "text/csv": {
                "schema": {
                  "type": "string"
                },
                "examples": {
                  "csv": {
                    "value": "recordKey,source,shopId,shopExternalId,date,positive,score,baseline,rank\n1000|20170605|routine,sf-dph,shop_01JD8S,SFDPH-1000,2017-06-05,true,71.23894415,19,1\n"
                  }
                }
              },
              "application/x-ndjson": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/inspection-tasks": {
      "get": {
        "operationId": "listInspectionTasks",
        "tags": [
          "inspection-tasks"
        ],
        "summary": "Inspection tasks of the caller's unit, highest priority first",
        "description": "Tasks a risk run made for shops of the caller's unit: a `district_handler` sees those\nof their district bureau, a `detachment_handler` those of the city enforcement\ndetachment (shops without a district), an `admin` all. Open tasks come by `priority`\n(1 = inspect first); filter by `status`, `districtCode` and `runId`. A risk score is a\nreason to look, not a finding.\nRoles: `district_handler`, `detachment_handler`, `admin`.\n",
        "x-roles": [
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "name": "status",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "enum": [
                "open",
                "completed"
              ]
            }
          },
          {
            "name": "districtCode",
            "in": "query",
            "required": false,
            "schema": {
              "$ref": "#/components/schemas/DistrictCode"
            }
          },
          {
            "name": "runId",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "maxLength": 64
            }
          },
          {
            "$ref": "#/components/parameters/Cursor"
          },
          {
            "$ref": "#/components/parameters/Limit"
          }
        ],
        "responses": {
          "200": {
            "description": "A page of tasks.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items",
                    "nextCursor"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/InspectionTask"
                      }
                    },
                    "nextCursor": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  },
                  "additionalProperties": false
                },
                "examples": {
                  "one": {
                    "value": {
                      "items": [
                        {
                          "id": "itask_01JD8S6K5Z3Y7Q2W4E6R8T0Y2U",
                          "shopId": "shop_demo_2002",
                          "shopName": "台江沙县小吃 Taijiang Shaxian Snacks",
                          "address": "台江区上下杭 12 号",
                          "assignedUnit": "district_bureau",
                          "districtCode": "350103",
                          "riskRunId": "rrun_01JD8S6K5Z3Y7Q2W4E6R8T0Y2V",
                          "modelVersion": 1,
                          "score": 88.1,
                          "tier": "D",
                          "priority": 1,
                          "basis": "risk_score",
                          "explanation": [
                            {
                              "indicator": "licence_expired",
                              "value": 1,
                              "contribution": 1.2
                            }
                          ],
                          "status": "open",
                          "createdAt": "2026-06-01T08:00:00.000Z",
                          "completedAt": null,
                          "outcome": null,
                          "completion": null
                        }
                      ],
                      "nextCursor": null
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/inspection-tasks/{taskId}": {
      "parameters": [
        {
          "$ref": "#/components/parameters/InspectionTaskId"
        }
      ],
      "get": {
        "operationId": "getInspectionTask",
        "tags": [
          "inspection-tasks"
        ],
        "summary": "One inspection task with its explanation",
        "description": "A task outside the caller's unit is a `404`. Roles: `district_handler`, `detachment_handler`, `admin`.",
        "x-roles": [
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "The task.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InspectionTask"
                },
                "example": {
                  "id": "itask_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "shopName": "闽江面馆 Minjiang Noodle House",
                  "address": "12 Wuyi Road, Gulou District, Fuzhou",
                  "assignedUnit": "district_bureau",
                  "districtCode": "350102",
                  "riskRunId": "risk_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "modelVersion": 1,
                  "score": 1,
                  "tier": "A",
                  "priority": 1,
                  "basis": "risk_score",
                  "explanation": [
                    {
                      "indicator": "example indicator",
                      "value": 1,
                      "levels": [
                        "example level"
                      ],
                      "contribution": 1
                    }
                  ],
                  "status": "open",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "completedAt": "2026-01-05T08:00:00.000Z",
                  "outcome": "violation_found",
                  "completion": {
                    "inspectedOn": "2026-01-05",
                    "critical": 1,
                    "serious": 1,
                    "minor": 1,
                    "note": "Checked the licence on file; it expired in 2025.",
                    "inspectionRecorded": false
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "description": "No such task in the caller's unit.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "missing": {
                    "value": {
                      "type": "https://ezhili.org/problems/inspection_task_not_found",
                      "title": "Not Found",
                      "status": 404,
                      "code": "inspection_task_not_found",
                      "detail": "No inspection task itask_x."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/inspection-tasks/{taskId}/completion": {
      "parameters": [
        {
          "$ref": "#/components/parameters/InspectionTaskId"
        }
      ],
      "post": {
        "operationId": "completeInspectionTask",
        "tags": [
          "inspection-tasks"
        ],
        "summary": "Complete an inspection task with the inspection's outcome",
        "description": "Records what the inspection found. An inspection that took place (`violation_found`,\n`no_violation`) is also stored as an inspection record (source `inspection-task`), so\nthe next calibration learns from it. A violation found here is not yet a take-down\nlead: open a case and close it with a confirmed violation for that. Completing a\ncompleted task is a `409`.\nRoles: `district_handler`, `detachment_handler`, `admin`.\n",
        "x-roles": [
          "district_handler",
          "detachment_handler",
          "admin"
        ],
        "security": [
          {
            "staffBearer": []
          }
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/IdempotencyKey"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/InspectionTaskCompletion"
              },
              "examples": {
                "found": {
                  "value": {
                    "outcome": "violation_found",
                    "inspectedOn": "2026-06-03",
                    "critical": 1,
                    "serious": 2,
                    "minor": 0,
                    "note": "Cold chain broken."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The completed task.",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Idempotent-Replayed": {
                "$ref": "#/components/headers/IdempotentReplayed"
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/InspectionTask"
                },
                "example": {
                  "id": "itask_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "shopId": "shop_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "shopName": "闽江面馆 Minjiang Noodle House",
                  "address": "12 Wuyi Road, Gulou District, Fuzhou",
                  "assignedUnit": "district_bureau",
                  "districtCode": "350102",
                  "riskRunId": "risk_01kdx3r8n0m2v4q6s8t0w2y4z6",
                  "modelVersion": 1,
                  "score": 1,
                  "tier": "A",
                  "priority": 1,
                  "basis": "risk_score",
                  "explanation": [
                    {
                      "indicator": "example indicator",
                      "value": 1,
                      "levels": [
                        "example level"
                      ],
                      "contribution": 1
                    }
                  ],
                  "status": "open",
                  "createdAt": "2026-01-05T08:00:00.000Z",
                  "completedAt": "2026-01-05T08:00:00.000Z",
                  "outcome": "violation_found",
                  "completion": {
                    "inspectedOn": "2026-01-05",
                    "critical": 1,
                    "serious": 1,
                    "minor": 1,
                    "note": "Checked the licence on file; it expired in 2025.",
                    "inspectionRecorded": false
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/BadRequest"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/NotFound"
          },
          "409": {
            "description": "The task is already completed. (Or `idempotency_in_progress`, with `Retry-After`.)",
            "headers": {
              "X-Request-Id": {
                "$ref": "#/components/headers/RequestId"
              },
              "Retry-After": {
                "$ref": "#/components/headers/RetryAfter"
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                },
                "examples": {
                  "done": {
                    "value": {
                      "type": "https://ezhili.org/problems/inspection_task_completed",
                      "title": "Conflict",
                      "status": 409,
                      "code": "inspection_task_completed",
                      "detail": "The inspection task is already completed."
                    }
                  }
                }
              }
            }
          },
          "4XX": {
            "$ref": "#/components/responses/ClientError"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    }
  },
  "webhooks": {
    "leadCreated": {
      "post": {
        "operationId": "leadCreatedWebhook",
        "tags": [
          "leads"
        ],
        "summary": "`lead.created`: a lead for the platform (sent to its webhook URL)",
        "description": "Standard Webhooks delivery, signed `v1a` (Ed25519 over\n`<webhook-id>.<webhook-timestamp>.<body>`) with the regulator's key from\n`/.well-known/jwks.json`. Answer 2xx once stored; anything else is retried with\nbackoff for more than 24 hours; `410` disables the endpoint. De-duplicate on `webhook-id`.\n",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/WebhookId"
          },
          {
            "$ref": "#/components/parameters/WebhookTimestamp"
          },
          {
            "$ref": "#/components/parameters/WebhookSignature"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LeadCreatedEvent"
              }
            }
          }
        },
        "responses": {
          "410": {
            "description": "The endpoint is gone; the regulator stops sending until staff re-enable it."
          },
          "2XX": {
            "description": "Received."
          },
          "default": {
            "description": "Not received; the regulator retries."
          }
        }
      }
    },
    "relistingDecided": {
      "post": {
        "operationId": "relistingDecidedWebhook",
        "tags": [
          "relisting"
        ],
        "summary": "`relisting.decided`: the regulator approved or rejected a relisting request",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/WebhookId"
          },
          {
            "$ref": "#/components/parameters/WebhookTimestamp"
          },
          {
            "$ref": "#/components/parameters/WebhookSignature"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RelistingDecidedEvent"
              }
            }
          }
        },
        "responses": {
          "2XX": {
            "description": "Received."
          },
          "default": {
            "description": "Not received; the regulator retries."
          }
        }
      }
    },
    "cardIssued": {
      "post": {
        "operationId": "cardIssuedWebhook",
        "tags": [
          "scorecards"
        ],
        "summary": "`card.issued`: a yellow or red card for the platform",
        "security": [],
        "parameters": [
          {
            "$ref": "#/components/parameters/WebhookId"
          },
          {
            "$ref": "#/components/parameters/WebhookTimestamp"
          },
          {
            "$ref": "#/components/parameters/WebhookSignature"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CardIssuedEvent"
              }
            }
          }
        },
        "responses": {
          "2XX": {
            "description": "Received."
          },
          "default": {
            "description": "Not received; the regulator retries."
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "staffBearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A staff token from `createStaffSession` (HS256, short-lived), or in OIDC mode a\ntoken from the deployment's identity provider, verified through its JWKS.\n"
      },
      "consoleSession": {
        "type": "apiKey",
        "in": "cookie",
        "name": "ezhili_console",
        "description": "The console's session cookie from `createConsoleSession` (or the OIDC sign-in), sent\nby the browser to `/console/api/...` only. Every staff operation accepts it there as\nan alternative to `staffBearer`; unsafe methods also need `X-Ezhili-CSRF` and a\nsame-origin `Origin`. Every answer to a cookie-authenticated request carries\n`Ezhili-Session-Expires-In` (seconds until the session expires if idle; see\n`components/headers/SessionExpiresIn`), which is why no operation repeats it. See\n`docs/console-sessions.md`.\n"
      },
      "reporterSession": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "opaque",
        "description": "A reporter session token from `createReporterSession`."
      },
      "platformSignature": {
        "type": "apiKey",
        "in": "header",
        "name": "Ezhili-Signature",
        "description": "A detached JWS (RFC 7797, `b64: false`, `crit: [\"b64\"]`) over the exact raw\nrequest body, with protected `kid`, `iss` (the platform id), `iat`, `jti`,\n`htm` (method) and `htu` (path and query), signed with EdDSA (Ed25519) or ES256\nby a key in the platform's JWKS. Compact form with an empty payload:\n`<protected>..<signature>`; see `docs/platform-integration.md`.\n"
      }
    },
    "parameters": {
      "InspectionTaskId": {
        "name": "taskId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "maxLength": 64
        }
      },
      "BacktestId": {
        "name": "backtestId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "maxLength": 64
        }
      },
      "IdentityCodeHeader": {
        "name": "Ezhili-Identity-Code",
        "in": "header",
        "required": true,
        "description": "The tip's identity code, e.g. `FZ-7K3M-Q9XD-K` (kept out of URLs so it stays out of access logs).",
        "schema": {
          "$ref": "#/components/schemas/IdentityCode"
        }
      },
      "ReceiptSecretHeader": {
        "name": "Ezhili-Receipt-Secret",
        "in": "header",
        "required": false,
        "description": "The receipt secret shown once at submission. Required unless the caller sends the\nreporter session that submitted (or later claimed) the tip.\n",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 128
        }
      },
      "CaseId": {
        "name": "caseId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^case_[0-9a-z]{26}$"
        }
      },
      "EvidenceId": {
        "name": "evidenceId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[a-z]+_[0-9a-z]{26}$"
        }
      },
      "PartnerId": {
        "name": "partnerId",
        "in": "path",
        "required": true,
        "schema": {
          "$ref": "#/components/schemas/PartnerIdValue"
        }
      },
      "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "A unique key (1–255 printable ASCII characters) per logical operation, scoped to the\ncaller, the operation and the path, kept 24 hours. A retry with the same key and the same\nbody (compared by its SHA-256) returns the first successful response with\n`Idempotent-Replayed: true`; the same key with another body is\n`409 idempotency_key_reused`, and while the first request still runs\n`409 idempotency_in_progress`. A JSON body is always compared; only a streamed\n`multipart/form-data` body (tips and reporter replies with files), which is never\nbuffered, matches on the key alone. Error responses are not stored: a retry after one runs\nagain. See `docs/errors.md#idempotency`.\n",
        "schema": {
          "type": "string",
          "minLength": 1,
          "maxLength": 255,
          "pattern": "^[\\x21-\\x7E]+$"
        }
      },
      "Cursor": {
        "name": "cursor",
        "in": "query",
        "required": false,
        "description": "Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any\nother value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.\n",
        "schema": {
          "type": "string",
          "maxLength": 512
        }
      },
      "Limit": {
        "name": "limit",
        "in": "query",
        "required": false,
        "schema": {
          "type": "integer",
          "minimum": 1,
          "maximum": 500,
          "default": 50
        }
      },
      "PlatformId": {
        "name": "platformId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "maxLength": 64
        }
      },
      "LeadId": {
        "name": "leadId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "maxLength": 64
        }
      },
      "RelistingRequestId": {
        "name": "requestId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "maxLength": 64
        }
      },
      "WebhookId": {
        "name": "webhook-id",
        "in": "header",
        "required": true,
        "description": "The message id; the same on every retry of one message.",
        "schema": {
          "type": "string"
        }
      },
      "WebhookTimestamp": {
        "name": "webhook-timestamp",
        "in": "header",
        "required": true,
        "description": "Unix seconds of this attempt; refuse it when more than 300 s from your clock.",
        "schema": {
          "type": "string",
          "pattern": "^[0-9]+$"
        }
      },
      "WebhookSignature": {
        "name": "webhook-signature",
        "in": "header",
        "required": true,
        "description": "Space-separated `v1a,<base64 Ed25519 signature>` entries.",
        "schema": {
          "type": "string"
        }
      },
      "RewardClaimId": {
        "name": "claimId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^rwc_[0-9a-z]{26}$"
        }
      },
      "UnsealRequestId": {
        "name": "unsealRequestId",
        "in": "path",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^unseal_[0-9a-z]{26}$"
        }
      },
      "UnsealKeyHeader": {
        "name": "Ezhili-Unseal-Key",
        "in": "header",
        "required": false,
        "description": "The one-time key from `createUnsealRequest`; only its holder can open the result, once.",
        "schema": {
          "type": "string",
          "minLength": 43,
          "maxLength": 64,
          "pattern": "^[A-Za-z0-9_-]+$"
        }
      }
    },
    "headers": {
      "CacheControl": {
        "schema": {
          "type": "string"
        }
      },
      "RequestId": {
        "description": "The request's id (the client's `X-Request-Id` if it sent a valid one), also in problem documents as `requestId` and in the server's log.",
        "schema": {
          "type": "string",
          "maxLength": 200
        }
      },
      "IdempotentReplayed": {
        "description": "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`; absent otherwise.",
        "schema": {
          "type": "string",
          "enum": [
            "true"
          ]
        }
      },
      "ContentDisposition": {
        "description": "`attachment` with a file name, for downloads.",
        "schema": {
          "type": "string"
        }
      },
      "Location": {
        "description": "Where to go next.",
        "schema": {
          "type": "string"
        }
      },
      "SessionExpiresIn": {
        "description": "Seconds until the console session expires if idle (capped by its absolute expiry);\non every cookie-authenticated response.\n",
        "schema": {
          "type": "integer",
          "minimum": 0
        }
      },
      "RetryAfter": {
        "description": "Seconds to wait before retrying: on `429 rate_limited`, `409 idempotency_in_progress` and `503 platform_keys_unavailable`.",
        "schema": {
          "type": "integer",
          "minimum": 0
        }
      }
    },
    "responses": {
      "BadRequest": {
        "description": "The request does not match the contract (a field, a parameter or the JSON itself).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/RequestId"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "https://ezhili.org/problems/validation",
              "title": "Bad request",
              "status": 400,
              "code": "validation",
              "detail": "The request does not match the contract.",
              "instance": "/cases",
              "requestId": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
              "errors": [
                {
                  "pointer": "#/query/limit",
                  "detail": "must be <= 500"
                }
              ]
            }
          }
        }
      },
      "Unauthorized": {
        "description": "No valid credentials: a missing, expired or forged token or signature.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/RequestId"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "https://ezhili.org/problems/unauthenticated",
              "title": "Unauthorized",
              "status": 401,
              "code": "unauthenticated",
              "detail": "Send a staff token as `Authorization: Bearer <token>`.",
              "instance": "/cases",
              "requestId": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10"
            }
          }
        }
      },
      "Forbidden": {
        "description": "Authenticated, but the caller's roles (`x-roles`) or scope do not allow this.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/RequestId"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "https://ezhili.org/problems/forbidden",
              "title": "Forbidden",
              "status": 403,
              "code": "forbidden",
              "detail": "This operation needs one of these roles: admin.",
              "instance": "/platforms",
              "requestId": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10"
            }
          }
        }
      },
      "NotFound": {
        "description": "No such resource, or one outside the caller's unit (never \"forbidden\", so ids cannot be probed).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/RequestId"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "https://ezhili.org/problems/not_found",
              "title": "Not found",
              "status": 404,
              "code": "not_found",
              "detail": "No such resource.",
              "instance": "/cases/case_01kdx3r8n0m2v4q6s8t0w2y4z6",
              "requestId": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10"
            }
          }
        }
      },
      "ClientError": {
        "description": "A client error (4xx) as an RFC 9457 problem; `code` says which (docs/errors.md).",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/RequestId"
          },
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            },
            "example": {
              "type": "https://ezhili.org/problems/validation",
              "title": "Bad request",
              "status": 400,
              "code": "validation",
              "detail": "The request does not match the contract.",
              "instance": "/cases",
              "requestId": "5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10",
              "errors": [
                {
                  "pointer": "#/query/limit",
                  "detail": "must be <= 500"
                }
              ]
            }
          }
        }
      },
      "Problem": {
        "description": "An RFC 9457 problem document.",
        "headers": {
          "X-Request-Id": {
            "$ref": "#/components/headers/RequestId"
          },
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "TooManyRequests": {
        "description": "Too many attempts; retry after the given number of seconds.",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          },
          "X-Request-Id": {
            "$ref": "#/components/headers/RequestId"
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      }
    },
    "schemas": {
      "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details. Never carries personal data or stack traces.",
        "required": [
          "type",
          "title",
          "status"
        ],
        "properties": {
          "type": {
            "type": "string",
            "description": "A URI reference naming the problem type (see `docs/errors.md`).",
            "examples": [
              "https://ezhili.org/problems/validation"
            ]
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "integer",
            "minimum": 400,
            "maximum": 599
          },
          "detail": {
            "type": "string"
          },
          "instance": {
            "type": "string"
          },
          "code": {
            "type": "string",
            "description": "A stable machine-readable code, e.g. `validation`, `not_found`."
          },
          "requestId": {
            "type": "string",
            "description": "The `X-Request-Id` of the request, for support."
          },
          "errors": {
            "type": "array",
            "description": "Individual validation failures.",
            "items": {
              "$ref": "#/components/schemas/ProblemFieldError"
            }
          }
        },
        "additionalProperties": true
      },
      "ProblemFieldError": {
        "type": "object",
        "required": [
          "pointer",
          "detail"
        ],
        "properties": {
          "pointer": {
            "type": "string",
            "description": "JSON Pointer (or `#/query/x`, `#/header/x`, `#/row/N`) to the bad value."
          },
          "detail": {
            "type": "string"
          }
        },
        "additionalProperties": false
      },
      "OpenApiDocument": {
        "type": "object",
        "description": "An OpenAPI 3.1 document (this contract); its full shape is the OpenAPI specification's.",
        "required": [
          "openapi",
          "info",
          "paths"
        ],
        "properties": {
          "openapi": {
            "type": "string",
            "pattern": "^3\\.1\\."
          },
          "info": {
            "type": "object",
            "required": [
              "title",
              "version"
            ],
            "properties": {
              "title": {
                "type": "string"
              },
              "version": {
                "type": "string"
              }
            },
            "additionalProperties": true
          },
          "paths": {
            "type": "object",
            "additionalProperties": true
          }
        },
        "additionalProperties": true
      },
      "Health": {
        "type": "object",
        "required": [
          "status",
          "database",
          "version",
          "time"
        ],
        "properties": {
          "status": {
            "type": "string",
            "enum": [
              "ok",
              "degraded"
            ]
          },
          "database": {
            "type": "string",
            "enum": [
              "ok",
              "unreachable"
            ]
          },
          "version": {
            "type": "string"
          },
          "time": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "Jwk": {
        "type": "object",
        "required": [
          "kty",
          "kid"
        ],
        "properties": {
          "kty": {
            "type": "string"
          },
          "kid": {
            "type": "string"
          },
          "crv": {
            "type": "string"
          },
          "x": {
            "type": "string"
          },
          "y": {
            "type": "string"
          },
          "n": {
            "type": "string"
          },
          "e": {
            "type": "string"
          },
          "alg": {
            "type": "string"
          },
          "use": {
            "type": "string"
          }
        },
        "additionalProperties": true
      },
      "Jwks": {
        "type": "object",
        "required": [
          "keys"
        ],
        "properties": {
          "keys": {
            "type": "array",
            "minItems": 1,
            "items": {
              "$ref": "#/components/schemas/Jwk"
            }
          }
        },
        "additionalProperties": false
      },
      "DistrictCode": {
        "type": "string",
        "description": "A six-digit administrative division code (GB/T 2260), e.g. `350102` (Gulou, Fuzhou).",
        "pattern": "^[0-9]{6}$"
      },
      "District": {
        "type": "object",
        "required": [
          "code",
          "nameZh",
          "nameEn",
          "cityCode"
        ],
        "properties": {
          "code": {
            "$ref": "#/components/schemas/DistrictCode"
          },
          "nameZh": {
            "type": "string"
          },
          "nameEn": {
            "type": "string"
          },
          "cityCode": {
            "$ref": "#/components/schemas/DistrictCode"
          }
        },
        "additionalProperties": false
      },
      "StaffRole": {
        "type": "string",
        "enum": [
          "intake",
          "district_handler",
          "detachment_handler",
          "reward_committee",
          "finance",
          "auditor",
          "admin"
        ]
      },
      "StaffLogin": {
        "type": "object",
        "required": [
          "email",
          "password"
        ],
        "properties": {
          "email": {
            "type": "string",
            "format": "email",
            "maxLength": 254
          },
          "password": {
            "type": "string",
            "minLength": 1,
            "maxLength": 1024
          }
        },
        "additionalProperties": false
      },
      "StaffSession": {
        "type": "object",
        "required": [
          "token",
          "tokenType",
          "expiresAt",
          "staff"
        ],
        "properties": {
          "token": {
            "type": "string"
          },
          "tokenType": {
            "type": "string",
            "const": "Bearer"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "staff": {
            "$ref": "#/components/schemas/StaffMember"
          }
        },
        "additionalProperties": false
      },
      "ConsoleSession": {
        "type": "object",
        "description": "A console (cookie) session; the token itself is never in a body.",
        "required": [
          "staff",
          "csrfToken",
          "source",
          "idleTimeoutSeconds",
          "idleExpiresAt",
          "expiresAt"
        ],
        "properties": {
          "staff": {
            "$ref": "#/components/schemas/StaffMember"
          },
          "csrfToken": {
            "type": "string",
            "description": "Send it in `X-Ezhili-CSRF` with every unsafe cookie-authenticated request.",
            "maxLength": 64
          },
          "source": {
            "type": "string",
            "enum": [
              "local",
              "oidc"
            ],
            "description": "How the session was opened (password or the identity provider)."
          },
          "idleTimeoutSeconds": {
            "type": "integer",
            "minimum": 1
          },
          "idleExpiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "When the session ends without further requests (never after `expiresAt`)."
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time",
            "description": "The absolute end of the session, whatever the activity."
          }
        },
        "additionalProperties": false
      },
      "StaffMember": {
        "type": "object",
        "required": [
          "id",
          "email",
          "displayName",
          "roles",
          "districtCode"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "email": {
            "type": "string"
          },
          "displayName": {
            "type": "string"
          },
          "roles": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/StaffRole"
            }
          },
          "districtCode": {
            "description": "The district a `district_handler` is bound to; null otherwise.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/DistrictCode"
              },
              {
                "type": "null"
              }
            ]
          }
        },
        "additionalProperties": false
      },
      "ReporterRealName": {
        "type": "string",
        "minLength": 1,
        "maxLength": 100
      },
      "ResidentIdNumber": {
        "type": "string",
        "description": "An 18-character resident ID number (GB 11643): 17 digits and a check character\n(0-9 or X, ISO 7064 MOD 11-2), with a valid birth date. A lowercase x is accepted.\n",
        "pattern": "^[0-9]{17}[0-9Xx]$"
      },
      "MainlandMobile": {
        "type": "string",
        "description": "A mainland China mobile number; spaces, hyphens and a +86 prefix are accepted.",
        "minLength": 11,
        "maxLength": 20
      },
      "BankAccount": {
        "type": "object",
        "required": [
          "bankName",
          "accountNumber",
          "accountName"
        ],
        "properties": {
          "bankName": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100
          },
          "accountNumber": {
            "type": "string",
            "description": "8 to 30 digits (spaces and hyphens are ignored).",
            "minLength": 8,
            "maxLength": 40
          },
          "accountName": {
            "type": "string",
            "description": "The account holder; a payout requires it to equal the real name.",
            "minLength": 1,
            "maxLength": 100
          }
        },
        "additionalProperties": false
      },
      "ReporterRegistration": {
        "type": "object",
        "required": [
          "realName",
          "residentId",
          "phone",
          "bankAccount",
          "passphrase"
        ],
        "properties": {
          "realName": {
            "$ref": "#/components/schemas/ReporterRealName"
          },
          "residentId": {
            "$ref": "#/components/schemas/ResidentIdNumber"
          },
          "phone": {
            "$ref": "#/components/schemas/MainlandMobile"
          },
          "bankAccount": {
            "$ref": "#/components/schemas/BankAccount"
          },
          "passphrase": {
            "type": "string",
            "minLength": 8,
            "maxLength": 1024
          }
        },
        "additionalProperties": false
      },
      "ReporterLogin": {
        "type": "object",
        "required": [
          "phone",
          "passphrase"
        ],
        "properties": {
          "phone": {
            "type": "string",
            "minLength": 1,
            "maxLength": 20
          },
          "passphrase": {
            "type": "string",
            "minLength": 1,
            "maxLength": 1024
          }
        },
        "additionalProperties": false
      },
      "ReporterSession": {
        "type": "object",
        "required": [
          "token",
          "tokenType",
          "expiresAt"
        ],
        "properties": {
          "token": {
            "type": "string",
            "description": "Opaque; only its hash is stored. Send it as `Authorization: Bearer <token>`."
          },
          "tokenType": {
            "type": "string",
            "const": "Bearer"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "ReporterProfile": {
        "type": "object",
        "required": [
          "realName",
          "residentId",
          "phone",
          "bankAccount",
          "registeredAt",
          "updatedAt"
        ],
        "properties": {
          "realName": {
            "type": "string"
          },
          "residentId": {
            "type": "string"
          },
          "phone": {
            "type": "string"
          },
          "bankAccount": {
            "$ref": "#/components/schemas/BankAccount"
          },
          "registeredAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "ReporterProfileUpdate": {
        "type": "object",
        "required": [
          "currentPassphrase"
        ],
        "minProperties": 2,
        "properties": {
          "currentPassphrase": {
            "type": "string",
            "minLength": 1,
            "maxLength": 1024
          },
          "realName": {
            "$ref": "#/components/schemas/ReporterRealName"
          },
          "residentId": {
            "$ref": "#/components/schemas/ResidentIdNumber"
          },
          "phone": {
            "$ref": "#/components/schemas/MainlandMobile"
          },
          "bankAccount": {
            "type": "object",
            "description": "The fields to change; the others stay.",
            "minProperties": 1,
            "properties": {
              "bankName": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100
              },
              "accountNumber": {
                "type": "string",
                "minLength": 8,
                "maxLength": 40
              },
              "accountName": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100
              }
            },
            "additionalProperties": false
          },
          "newPassphrase": {
            "type": "string",
            "minLength": 8,
            "maxLength": 1024
          }
        },
        "additionalProperties": false
      },
      "PartnerIdValue": {
        "type": "string",
        "description": "A partner's short name, lower-case letters, digits and hyphens, e.g. `demo`.",
        "pattern": "^[a-z0-9][a-z0-9-]{1,62}$"
      },
      "OriginPattern": {
        "type": "string",
        "description": "A web origin allowed to frame the widget: `https://host[:port]`, `https://*.example.com`\n(any subdomain), or `http://localhost:*` / `http://127.0.0.1:*` for development.\n",
        "maxLength": 255,
        "pattern": "^https?://(\\*\\.)?[A-Za-z0-9.-]+(:([0-9]{1,5}|\\*))?$",
        "examples": [
          "https://app.example-employer.cn",
          "http://localhost:*"
        ]
      },
      "Partner": {
        "type": "object",
        "required": [
          "id",
          "name",
          "allowedOrigins",
          "enabled",
          "createdAt",
          "updatedAt"
        ],
        "properties": {
          "id": {
            "$ref": "#/components/schemas/PartnerIdValue"
          },
          "name": {
            "type": "string"
          },
          "allowedOrigins": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/OriginPattern"
            }
          },
          "enabled": {
            "type": "boolean"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "PartnerRegistration": {
        "type": "object",
        "required": [
          "id",
          "name",
          "allowedOrigins"
        ],
        "properties": {
          "id": {
            "$ref": "#/components/schemas/PartnerIdValue"
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "allowedOrigins": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/OriginPattern"
            }
          }
        },
        "additionalProperties": false
      },
      "PartnerUpdate": {
        "type": "object",
        "minProperties": 1,
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "allowedOrigins": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "uniqueItems": true,
            "items": {
              "$ref": "#/components/schemas/OriginPattern"
            }
          },
          "enabled": {
            "type": "boolean"
          }
        },
        "additionalProperties": false
      },
      "IdentityCode": {
        "type": "string",
        "description": "A tip's identity code: a prefix, eight random Crockford base32 characters in two\ngroups, and a mod-37 check character, e.g. `FZ-7K3M-Q9XD-K`. It stands in for the\nreporter everywhere staff look.\n",
        "pattern": "^[A-Z0-9]{1,6}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-Z*~$=]$",
        "examples": [
          "FZ-7K3M-Q9XD-K"
        ]
      },
      "ViolationCategory": {
        "type": "string",
        "description": "A violation category from the deployment's configured list (`TIP_CATEGORIES`);\nthe defaults are `no_valid_licence`, `unhygienic_kitchen`, `expired_or_spoiled_ingredients`,\n`illegal_additives`, `false_advertising`, `unsafe_delivery_packaging`, `other`.\n",
        "pattern": "^[a-z][a-z0-9_]{1,63}$"
      },
      "TipShop": {
        "description": "The shop, by platform and the platform's shop id (`TipShopOnPlatform`), or by name and\naddress as the reporter knows them (`TipShopByAddress`); both may be given.\n",
        "anyOf": [
          {
            "$ref": "#/components/schemas/TipShopOnPlatform"
          },
          {
            "$ref": "#/components/schemas/TipShopByAddress"
          }
        ]
      },
      "TipShopOnPlatform": {
        "type": "object",
        "description": "A shop named by its platform and the platform's shop id; name and address may be added.",
        "required": [
          "platformId",
          "platformShopId"
        ],
        "properties": {
          "platformId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "description": "The id of the delivery platform the shop trades on, e.g. `plt_demo`."
          },
          "platformShopId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "description": "The shop's id on that platform."
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "address": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500
          }
        },
        "additionalProperties": false
      },
      "TipShopByAddress": {
        "type": "object",
        "description": "A shop named by name and address as the reporter knows them; the platform ids may be added.",
        "required": [
          "name",
          "address"
        ],
        "properties": {
          "platformId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64,
            "description": "The id of the delivery platform the shop trades on, e.g. `plt_demo`."
          },
          "platformShopId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "description": "The shop's id on that platform."
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "address": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500
          }
        },
        "additionalProperties": false
      },
      "TipSubmission": {
        "type": "object",
        "required": [
          "description",
          "shop",
          "districtCode",
          "category",
          "observedAt"
        ],
        "properties": {
          "description": {
            "type": "string",
            "minLength": 1,
            "maxLength": 10000,
            "pattern": "\\S",
            "description": "What was seen; must not be blank."
          },
          "shop": {
            "$ref": "#/components/schemas/TipShop"
          },
          "districtCode": {
            "$ref": "#/components/schemas/DistrictCode"
          },
          "category": {
            "$ref": "#/components/schemas/ViolationCategory"
          },
          "observedAt": {
            "type": "string",
            "format": "date-time"
          },
          "insider": {
            "type": "boolean",
            "default": false,
            "description": "The reporter works (or worked) at the shop; raises the reward multiplier under some rules."
          },
          "referral": {
            "$ref": "#/components/schemas/TipReferral"
          }
        },
        "additionalProperties": false
      },
      "TipSubmissionMultipart": {
        "type": "object",
        "required": [
          "tip"
        ],
        "properties": {
          "tip": {
            "description": "A `TipSubmission` as JSON text.",
            "type": "string"
          },
          "evidence": {
            "type": "array",
            "description": "Photos (JPEG, PNG, WebP, HEIC) or videos (MP4, MOV); the type is sniffed from the bytes.",
            "items": {
              "type": "string",
              "contentMediaType": "application/octet-stream"
            }
          }
        }
      },
      "EvidenceSummary": {
        "type": "object",
        "required": [
          "id",
          "contentType",
          "size",
          "sha256"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "contentType": {
            "type": "string"
          },
          "size": {
            "type": "integer",
            "minimum": 0
          },
          "sha256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
            "description": "SHA-256 of the stored file, after metadata stripping; of the redacted photo once\n`redaction` is set (what `getEvidenceFile` returns).\n"
          },
          "redaction": {
            "description": "Set in staff views once the photo was redacted; the file is then the redacted one.",
            "type": "object",
            "required": [
              "id",
              "version",
              "createdAt"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "version": {
                "type": "integer",
                "minimum": 1
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              }
            },
            "additionalProperties": false
          }
        },
        "additionalProperties": false
      },
      "TipDeadlines": {
        "type": "object",
        "required": [
          "acknowledgeBy",
          "feedbackBy",
          "acknowledgedAt",
          "feedbackGivenAt"
        ],
        "properties": {
          "acknowledgeBy": {
            "type": "string",
            "format": "date-time"
          },
          "feedbackBy": {
            "type": "string",
            "format": "date-time"
          },
          "acknowledgedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "feedbackGivenAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "TipReceipt": {
        "type": "object",
        "required": [
          "identityCode",
          "receiptSecret",
          "receipt",
          "submittedAt",
          "evidence",
          "deadlines"
        ],
        "properties": {
          "identityCode": {
            "$ref": "#/components/schemas/IdentityCode"
          },
          "receiptSecret": {
            "type": "string",
            "description": "Shown only in this response; only its hash is stored. Keep it with the identity code."
          },
          "receipt": {
            "type": "string",
            "description": "A compact JWS (EdDSA, `typ: ezhili-tip-receipt+jwt`) signed by the regulator over\n`{ iss, identityCode, submittedAt, descriptionSha256, evidence: [{ sha256, size, contentType }] }`;\nverify it with `/.well-known/jwks.json`.\n"
          },
          "submittedAt": {
            "type": "string",
            "format": "date-time"
          },
          "evidence": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/EvidenceSummary"
            }
          },
          "deadlines": {
            "$ref": "#/components/schemas/TipDeadlines"
          }
        },
        "additionalProperties": false
      },
      "CaseState": {
        "type": "string",
        "enum": [
          "received",
          "triaged",
          "investigating",
          "closed"
        ]
      },
      "CaseOutcome": {
        "type": "string",
        "description": "How a closed case ended: `violation_confirmed` (with a penalty), `not_confirmed`,\n`referred` (to another authority), or at triage `rejected` (unfounded or out of\nscope) or `duplicate` (merged into another case).\n",
        "enum": [
          "violation_confirmed",
          "not_confirmed",
          "referred",
          "rejected",
          "duplicate"
        ]
      },
      "CaseUnit": {
        "type": "string",
        "description": "Who holds the case: the intake queue, a district bureau, or the city enforcement detachment.",
        "enum": [
          "intake",
          "district_bureau",
          "enforcement_detachment"
        ]
      },
      "Message": {
        "type": "object",
        "required": [
          "id",
          "from",
          "body",
          "sentAt",
          "attachments"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "from": {
            "type": "string",
            "enum": [
              "reporter",
              "handler"
            ]
          },
          "body": {
            "type": "string"
          },
          "sentAt": {
            "type": "string",
            "format": "date-time"
          },
          "attachments": {
            "type": "array",
            "description": "Files sent with the message (reporter replies only), in order; never their names.",
            "items": {
              "$ref": "#/components/schemas/MessageAttachment"
            }
          }
        },
        "additionalProperties": false
      },
      "MessageAttachment": {
        "type": "object",
        "required": [
          "kind",
          "size"
        ],
        "properties": {
          "kind": {
            "type": "string",
            "enum": [
              "photo",
              "video"
            ]
          },
          "size": {
            "type": "integer",
            "minimum": 0,
            "description": "Bytes of the stored file, after metadata stripping."
          }
        },
        "additionalProperties": false
      },
      "CaseMessage": {
        "description": "A message as staff see it on the case; attachments name their evidence files.",
        "type": "object",
        "required": [
          "id",
          "from",
          "body",
          "sentAt",
          "attachments"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "from": {
            "type": "string",
            "enum": [
              "reporter",
              "handler"
            ]
          },
          "body": {
            "type": "string"
          },
          "sentAt": {
            "type": "string",
            "format": "date-time"
          },
          "attachments": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CaseMessageAttachment"
            }
          }
        },
        "additionalProperties": false
      },
      "CaseMessageAttachment": {
        "type": "object",
        "required": [
          "evidenceId",
          "kind",
          "contentType",
          "size",
          "sha256"
        ],
        "properties": {
          "evidenceId": {
            "type": "string",
            "description": "An evidence file of the case; download it with `getEvidenceFile`."
          },
          "kind": {
            "type": "string",
            "enum": [
              "photo",
              "video"
            ]
          },
          "contentType": {
            "type": "string"
          },
          "size": {
            "type": "integer",
            "minimum": 0
          },
          "sha256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$"
          }
        },
        "additionalProperties": false
      },
      "MessageList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Message"
            }
          }
        },
        "additionalProperties": false
      },
      "NewMessage": {
        "type": "object",
        "required": [
          "body"
        ],
        "properties": {
          "body": {
            "type": "string",
            "minLength": 1,
            "maxLength": 5000,
            "pattern": "\\S"
          }
        },
        "additionalProperties": false
      },
      "NewMessageMultipart": {
        "type": "object",
        "required": [
          "message"
        ],
        "properties": {
          "message": {
            "description": "A `NewMessage` as JSON text.",
            "type": "string"
          },
          "evidence": {
            "type": "array",
            "description": "Photos (JPEG, PNG, WebP, HEIC) or videos (MP4, MOV); the type is sniffed from the bytes.",
            "items": {
              "type": "string",
              "contentMediaType": "application/octet-stream"
            }
          }
        }
      },
      "TipView": {
        "type": "object",
        "required": [
          "identityCode",
          "status",
          "outcome",
          "submittedAt",
          "category",
          "districtCode",
          "deadlines",
          "messages",
          "reward",
          "identityAccessNotices"
        ],
        "properties": {
          "identityCode": {
            "$ref": "#/components/schemas/IdentityCode"
          },
          "status": {
            "$ref": "#/components/schemas/CaseState"
          },
          "outcome": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/CaseOutcome"
              },
              {
                "type": "null"
              }
            ]
          },
          "submittedAt": {
            "type": "string",
            "format": "date-time"
          },
          "category": {
            "$ref": "#/components/schemas/ViolationCategory"
          },
          "districtCode": {
            "$ref": "#/components/schemas/DistrictCode"
          },
          "deadlines": {
            "$ref": "#/components/schemas/TipDeadlines"
          },
          "messages": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Message"
            }
          },
          "reward": {
            "description": "The reward state once the case closed with a confirmed violation (filled by the rewards module); null before.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/ReporterRewardState"
              },
              {
                "type": "null"
              }
            ]
          },
          "identityAccessNotices": {
            "type": "array",
            "description": "Each time the reporter's sealed identity was opened, when and why (EU 2019/1937 Art. 16).",
            "items": {
              "$ref": "#/components/schemas/IdentityAccessNotice"
            }
          }
        },
        "additionalProperties": false
      },
      "CaseShop": {
        "type": "object",
        "required": [
          "shopId",
          "platformId",
          "platformShopId",
          "name",
          "address",
          "districtCode"
        ],
        "properties": {
          "shopId": {
            "type": [
              "string",
              "null"
            ],
            "description": "The registry shop when the tip named a listed shop; null for a shop given by name and address."
          },
          "platformId": {
            "type": [
              "string",
              "null"
            ]
          },
          "platformShopId": {
            "type": [
              "string",
              "null"
            ]
          },
          "name": {
            "type": [
              "string",
              "null"
            ]
          },
          "address": {
            "type": [
              "string",
              "null"
            ]
          },
          "districtCode": {
            "$ref": "#/components/schemas/DistrictCode"
          }
        },
        "additionalProperties": false
      },
      "CaseDeadlines": {
        "type": "object",
        "required": [
          "acknowledgeBy",
          "feedbackBy",
          "acknowledgedAt",
          "feedbackGivenAt",
          "overdue"
        ],
        "properties": {
          "acknowledgeBy": {
            "type": "string",
            "format": "date-time"
          },
          "feedbackBy": {
            "type": "string",
            "format": "date-time"
          },
          "acknowledgedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "feedbackGivenAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "overdue": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "acknowledgement",
                "feedback"
              ]
            }
          }
        },
        "additionalProperties": false
      },
      "CaseCore": {
        "description": "The fields every case view has.",
        "type": "object",
        "required": [
          "id",
          "identityCode",
          "source",
          "state",
          "outcome",
          "category",
          "districtCode",
          "classification",
          "assignedUnit",
          "assignedDistrictCode",
          "receivedAt",
          "updatedAt",
          "deadlines"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "identityCode": {
            "$ref": "#/components/schemas/IdentityCode"
          },
          "source": {
            "type": "string",
            "enum": [
              "tip",
              "platform_lead"
            ]
          },
          "state": {
            "$ref": "#/components/schemas/CaseState"
          },
          "outcome": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/CaseOutcome"
              },
              {
                "type": "null"
              }
            ]
          },
          "category": {
            "$ref": "#/components/schemas/ViolationCategory"
          },
          "districtCode": {
            "$ref": "#/components/schemas/DistrictCode"
          },
          "classification": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "general",
              "complex",
              null
            ]
          },
          "assignedUnit": {
            "$ref": "#/components/schemas/CaseUnit"
          },
          "assignedDistrictCode": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/DistrictCode"
              },
              {
                "type": "null"
              }
            ]
          },
          "receivedAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "deadlines": {
            "$ref": "#/components/schemas/CaseDeadlines"
          }
        }
      },
      "CaseSummary": {
        "allOf": [
          {
            "$ref": "#/components/schemas/CaseCore"
          }
        ],
        "unevaluatedProperties": false
      },
      "CaseCounts": {
        "type": "object",
        "description": "Cases per state within the caller's unit, and the open ones past a deadline.",
        "required": [
          "received",
          "triaged",
          "investigating",
          "closed",
          "overdue"
        ],
        "properties": {
          "received": {
            "type": "integer",
            "minimum": 0
          },
          "triaged": {
            "type": "integer",
            "minimum": 0
          },
          "investigating": {
            "type": "integer",
            "minimum": 0
          },
          "closed": {
            "type": "integer",
            "minimum": 0
          },
          "overdue": {
            "type": "integer",
            "minimum": 0
          }
        },
        "additionalProperties": false
      },
      "CaseList": {
        "type": "object",
        "required": [
          "items",
          "nextCursor"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CaseSummary"
            }
          },
          "nextCursor": {
            "type": [
              "string",
              "null"
            ]
          }
        },
        "additionalProperties": false
      },
      "CaseTransition": {
        "type": "object",
        "required": [
          "id",
          "at",
          "action",
          "fromState",
          "toState",
          "actor",
          "details"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "at": {
            "type": "string",
            "format": "date-time"
          },
          "action": {
            "type": "string",
            "enum": [
              "received",
              "accept",
              "reject",
              "merge",
              "investigate",
              "close",
              "reroute"
            ]
          },
          "fromState": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/CaseState"
              },
              {
                "type": "null"
              }
            ]
          },
          "toState": {
            "$ref": "#/components/schemas/CaseState"
          },
          "actor": {
            "type": "string",
            "description": "`staff:<id>`, `system`, or `reporter` (never the reporter's account)."
          },
          "details": {
            "type": "object",
            "additionalProperties": true
          }
        },
        "additionalProperties": false
      },
      "CaseNote": {
        "type": "object",
        "required": [
          "id",
          "authorStaffId",
          "body",
          "createdAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "authorStaffId": {
            "type": "string"
          },
          "body": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "RedactionRegion": {
        "type": "object",
        "description": "A box in pixels of the image as displayed (after its orientation is applied).",
        "required": [
          "x",
          "y",
          "width",
          "height"
        ],
        "properties": {
          "x": {
            "type": "integer",
            "minimum": 0
          },
          "y": {
            "type": "integer",
            "minimum": 0
          },
          "width": {
            "type": "integer",
            "minimum": 1
          },
          "height": {
            "type": "integer",
            "minimum": 1
          }
        },
        "additionalProperties": false
      },
      "EvidenceRedactionRequest": {
        "type": "object",
        "required": [
          "regions",
          "reason"
        ],
        "properties": {
          "regions": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": {
              "$ref": "#/components/schemas/RedactionRegion"
            }
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500,
            "pattern": "\\S",
            "description": "Why (for the audit log); no personal data."
          }
        },
        "additionalProperties": false
      },
      "EvidenceRedaction": {
        "type": "object",
        "required": [
          "id",
          "caseId",
          "evidenceId",
          "version",
          "regions",
          "reason",
          "contentType",
          "size",
          "sha256",
          "redactedBy",
          "createdAt"
        ],
        "properties": {
          "id": {
            "type": "string",
            "pattern": "^red_[0-9a-z]{26}$"
          },
          "caseId": {
            "type": "string"
          },
          "evidenceId": {
            "type": "string"
          },
          "version": {
            "type": "integer",
            "minimum": 1,
            "description": "1 for the first redaction of this file, 2 for the next, …"
          },
          "regions": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RedactionRegion"
            }
          },
          "reason": {
            "type": "string"
          },
          "contentType": {
            "type": "string",
            "description": "The redacted photo's type (PNG and WebP stay so; other photos become JPEG)."
          },
          "size": {
            "type": "integer",
            "minimum": 0
          },
          "sha256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
            "description": "SHA-256 of the redacted photo, as downloaded."
          },
          "redactedBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "TextRedactionTarget": {
        "type": "object",
        "description": "The text to mask. `description` is the case's own (no `id`); a `note` or `message` names its id.",
        "required": [
          "type"
        ],
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "description",
              "note",
              "message"
            ]
          },
          "id": {
            "type": "string",
            "pattern": "^[a-z]+_[0-9a-z]{26}$"
          }
        },
        "additionalProperties": false
      },
      "TextRange": {
        "type": "object",
        "required": [
          "start",
          "end"
        ],
        "properties": {
          "start": {
            "type": "integer",
            "minimum": 0
          },
          "end": {
            "type": "integer",
            "minimum": 1
          }
        },
        "additionalProperties": false
      },
      "TextRedactionRequest": {
        "type": "object",
        "required": [
          "target",
          "ranges",
          "reason"
        ],
        "properties": {
          "target": {
            "$ref": "#/components/schemas/TextRedactionTarget"
          },
          "ranges": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": {
              "$ref": "#/components/schemas/TextRange"
            }
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500,
            "pattern": "\\S",
            "description": "Why (for the audit log); no personal data."
          }
        },
        "additionalProperties": false
      },
      "TextRedaction": {
        "type": "object",
        "required": [
          "id",
          "caseId",
          "target",
          "version",
          "ranges",
          "reason",
          "text",
          "redactedBy",
          "createdAt"
        ],
        "properties": {
          "id": {
            "type": "string",
            "pattern": "^red_[0-9a-z]{26}$"
          },
          "caseId": {
            "type": "string"
          },
          "target": {
            "$ref": "#/components/schemas/TextRedactionTarget"
          },
          "version": {
            "type": "integer",
            "minimum": 1
          },
          "ranges": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/TextRange"
            }
          },
          "reason": {
            "type": "string"
          },
          "text": {
            "type": "string",
            "description": "The text as everyone now reads it."
          },
          "redactedBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "CaseRedaction": {
        "type": "object",
        "description": "One redaction of a case, as listed in the case view (the sealed originals are not).",
        "required": [
          "id",
          "kind",
          "target",
          "version",
          "reason",
          "redactedBy",
          "createdAt"
        ],
        "properties": {
          "id": {
            "type": "string",
            "pattern": "^red_[0-9a-z]{26}$"
          },
          "kind": {
            "type": "string",
            "enum": [
              "evidence",
              "text"
            ]
          },
          "target": {
            "type": "object",
            "required": [
              "type",
              "id"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "evidence",
                  "description",
                  "note",
                  "message"
                ]
              },
              "id": {
                "type": [
                  "string",
                  "null"
                ]
              }
            },
            "additionalProperties": false
          },
          "version": {
            "type": "integer",
            "minimum": 1
          },
          "reason": {
            "type": "string"
          },
          "redactedBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "NewCaseNote": {
        "type": "object",
        "required": [
          "body"
        ],
        "properties": {
          "body": {
            "type": "string",
            "minLength": 1,
            "maxLength": 10000,
            "pattern": "\\S"
          }
        },
        "additionalProperties": false
      },
      "CaseDetail": {
        "allOf": [
          {
            "$ref": "#/components/schemas/CaseCore"
          }
        ],
        "type": "object",
        "required": [
          "description",
          "observedAt",
          "shop",
          "penaltyFen",
          "closingSummary",
          "mergedIntoCaseId",
          "closedAt",
          "evidence",
          "transitions",
          "notes",
          "messages"
        ],
        "properties": {
          "description": {
            "type": "string"
          },
          "observedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "shop": {
            "$ref": "#/components/schemas/CaseShop"
          },
          "penaltyFen": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "description": "The penalty (fine) in fen for a confirmed violation."
          },
          "closingSummary": {
            "type": [
              "string",
              "null"
            ]
          },
          "mergedIntoCaseId": {
            "type": [
              "string",
              "null"
            ]
          },
          "closedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "evidence": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/EvidenceSummary"
            }
          },
          "transitions": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CaseTransition"
            }
          },
          "notes": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CaseNote"
            }
          },
          "messages": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/CaseMessage"
            }
          },
          "redactions": {
            "type": "array",
            "description": "The redactions of this case's photos and texts, oldest first.",
            "items": {
              "$ref": "#/components/schemas/CaseRedaction"
            }
          }
        },
        "unevaluatedProperties": false
      },
      "TriageDecision": {
        "type": "object",
        "required": [
          "decision"
        ],
        "properties": {
          "decision": {
            "type": "string",
            "enum": [
              "accept",
              "reject",
              "merge"
            ]
          },
          "classification": {
            "type": "string",
            "enum": [
              "general",
              "complex"
            ],
            "description": "Required for `accept`."
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000,
            "description": "Required for `reject`; recorded for the others."
          },
          "duplicateOfCaseId": {
            "type": "string",
            "description": "Required for `merge`."
          }
        },
        "additionalProperties": false
      },
      "CaseTransitionRequest": {
        "type": "object",
        "required": [
          "action"
        ],
        "properties": {
          "action": {
            "type": "string",
            "enum": [
              "investigate",
              "close",
              "reroute"
            ]
          },
          "outcome": {
            "type": "string",
            "enum": [
              "violation_confirmed",
              "not_confirmed",
              "referred"
            ],
            "description": "Required for `close`."
          },
          "penaltyFen": {
            "type": "integer",
            "minimum": 0,
            "maximum": 100000000000,
            "description": "Required for `close` with `violation_confirmed`; in fen (1 yuan = 100 fen)."
          },
          "summary": {
            "type": "string",
            "minLength": 1,
            "maxLength": 5000,
            "description": "Required for `close`; the reporter sees the outcome, not this text."
          },
          "classification": {
            "type": "string",
            "enum": [
              "general",
              "complex"
            ],
            "description": "Required for `reroute`."
          },
          "districtCode": {
            "$ref": "#/components/schemas/DistrictCode"
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000,
            "description": "Required for `reroute`."
          }
        },
        "additionalProperties": false
      },
      "AuditEvent": {
        "type": "object",
        "required": [
          "seq",
          "id",
          "at",
          "actor",
          "action",
          "subject",
          "details",
          "prevHash",
          "hash"
        ],
        "properties": {
          "seq": {
            "type": "integer"
          },
          "id": {
            "type": "string"
          },
          "at": {
            "type": "string",
            "format": "date-time"
          },
          "actor": {
            "type": "object",
            "required": [
              "type",
              "id"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "staff",
                  "reporter",
                  "platform",
                  "system"
                ]
              },
              "id": {
                "type": "string"
              }
            },
            "additionalProperties": false
          },
          "action": {
            "type": "string"
          },
          "subject": {
            "oneOf": [
              {
                "type": "object",
                "required": [
                  "type",
                  "id"
                ],
                "properties": {
                  "type": {
                    "type": "string"
                  },
                  "id": {
                    "type": "string"
                  }
                },
                "additionalProperties": false
              },
              {
                "type": "null"
              }
            ]
          },
          "details": {
            "type": "object",
            "additionalProperties": true
          },
          "prevHash": {
            "type": "string"
          },
          "hash": {
            "type": "string"
          }
        },
        "additionalProperties": false
      },
      "AuditEventList": {
        "type": "object",
        "required": [
          "items",
          "nextBeforeSeq"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AuditEvent"
            }
          },
          "nextBeforeSeq": {
            "type": [
              "integer",
              "null"
            ]
          }
        },
        "additionalProperties": false
      },
      "AuditVerificationMode": {
        "type": "string",
        "enum": [
          "incremental",
          "full"
        ],
        "description": "`incremental`: the events after the latest verified checkpoint; `full`: every event."
      },
      "AuditVerification": {
        "type": "object",
        "required": [
          "intact",
          "mode",
          "eventsChecked",
          "fromSeq",
          "headSeq",
          "headHash",
          "firstBrokenSeq",
          "reason",
          "checkpointsChecked",
          "checkpoint",
          "verifiedAt"
        ],
        "properties": {
          "intact": {
            "type": "boolean"
          },
          "mode": {
            "$ref": "#/components/schemas/AuditVerificationMode"
          },
          "eventsChecked": {
            "type": "integer",
            "description": "Events whose hash this run recomputed."
          },
          "fromSeq": {
            "type": "integer",
            "description": "The run checked the events after this one (the checkpoint it started from; 0 for a full run)."
          },
          "headSeq": {
            "type": [
              "integer",
              "null"
            ]
          },
          "headHash": {
            "type": [
              "string",
              "null"
            ],
            "description": "The recorded head's hash (hex)."
          },
          "firstBrokenSeq": {
            "type": [
              "integer",
              "null"
            ]
          },
          "reason": {
            "type": [
              "string",
              "null"
            ]
          },
          "checkpointsChecked": {
            "type": "integer",
            "description": "Checkpoints kept outside the database (and the one given) that the chain was checked against."
          },
          "checkpoint": {
            "description": "The checkpoint signed at the head after this intact run (null when broken).",
            "oneOf": [
              {
                "$ref": "#/components/schemas/AuditCheckpoint"
              },
              {
                "type": "null"
              }
            ]
          },
          "verifiedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "AuditVerificationRequest": {
        "type": "object",
        "properties": {
          "mode": {
            "$ref": "#/components/schemas/AuditVerificationMode"
          },
          "checkpoint": {
            "type": "string",
            "maxLength": 4096,
            "description": "A signed checkpoint's `jws`, kept by the caller."
          }
        },
        "additionalProperties": false
      },
      "AuditVerificationJob": {
        "type": "object",
        "required": [
          "id",
          "mode",
          "state",
          "requestedBy",
          "startedAt",
          "finishedAt",
          "progress",
          "result",
          "error"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "mode": {
            "$ref": "#/components/schemas/AuditVerificationMode"
          },
          "state": {
            "type": "string",
            "enum": [
              "running",
              "completed",
              "failed"
            ]
          },
          "requestedBy": {
            "type": "string",
            "description": "`staff:<id>`, or `system` for the scheduled daily run."
          },
          "startedAt": {
            "type": "string",
            "format": "date-time"
          },
          "finishedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "progress": {
            "type": "object",
            "required": [
              "eventsChecked",
              "eventsTotal"
            ],
            "properties": {
              "eventsChecked": {
                "type": "integer"
              },
              "eventsTotal": {
                "type": [
                  "integer",
                  "null"
                ]
              }
            },
            "additionalProperties": false
          },
          "result": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/AuditVerification"
              },
              {
                "type": "null"
              }
            ]
          },
          "error": {
            "type": [
              "string",
              "null"
            ],
            "description": "Why a failed job did not finish (not a broken chain, which is a result)."
          }
        },
        "additionalProperties": false
      },
      "AuditCheckpoint": {
        "type": "object",
        "required": [
          "id",
          "seq",
          "hash",
          "createdAt",
          "mode",
          "jws"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "seq": {
            "type": "integer"
          },
          "hash": {
            "type": "string",
            "description": "The hash (hex) of event `seq`, the head when the checkpoint was signed."
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "mode": {
            "$ref": "#/components/schemas/AuditVerificationMode"
          },
          "jws": {
            "type": "string",
            "description": "Compact JWS (EdDSA, `typ: ezhili-audit-checkpoint+jwt`) over\n`{ \"seq\", \"hash\", \"createdAt\", \"mode\" }`, verifiable with the regulator's JWKS.\n"
          }
        },
        "additionalProperties": false
      },
      "AuditCheckpointList": {
        "type": "object",
        "required": [
          "items",
          "nextCursor"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/AuditCheckpoint"
            }
          },
          "nextCursor": {
            "type": [
              "string",
              "null"
            ]
          }
        },
        "additionalProperties": false
      },
      "MetricsFigures": {
        "type": "object",
        "description": "Counts and durations for one scope (overall, or one district). Durations in hours, to\ntwo significant figures (0.1 h below 10 h, whole hours below 100 h). Case figures are\nabout the cases received in the period, lead figures about the leads sent in it.\n",
        "required": [
          "tips",
          "platformLeads",
          "casesClosed",
          "closureRate",
          "ackHoursMedian",
          "ackHoursP90",
          "closeHoursMedian",
          "closeHoursP90",
          "overdueAcknowledgement",
          "overdueFeedback",
          "openCases",
          "tipsAccepted",
          "violationsConfirmed",
          "leadsDispatched",
          "leadsActioned",
          "leadClosureRate",
          "leadToActionHoursMedian",
          "leadToActionHoursP90",
          "shopsTakenDown",
          "relistingApproved",
          "relistingRejected",
          "rewardsClaimed",
          "rewardsPaid",
          "rewardsPaidFen"
        ],
        "properties": {
          "tips": {
            "type": "integer",
            "description": "Tips received in the period."
          },
          "platformLeads": {
            "type": "integer",
            "description": "Cases opened from platform-submitted leads in the period."
          },
          "casesClosed": {
            "type": "integer",
            "description": "Cases received in the period that are closed now."
          },
          "closureRate": {
            "type": [
              "number",
              "null"
            ],
            "description": "casesClosed / cases received in the period (办结率); null when none were received."
          },
          "ackHoursMedian": {
            "type": [
              "number",
              "null"
            ]
          },
          "ackHoursP90": {
            "type": [
              "number",
              "null"
            ]
          },
          "closeHoursMedian": {
            "type": [
              "number",
              "null"
            ]
          },
          "closeHoursP90": {
            "type": [
              "number",
              "null"
            ]
          },
          "overdueAcknowledgement": {
            "type": "integer",
            "description": "Open cases past the acknowledgement deadline now."
          },
          "overdueFeedback": {
            "type": "integer",
            "description": "Open cases past the feedback deadline now."
          },
          "openCases": {
            "type": "integer"
          },
          "tipsAccepted": {
            "type": "integer",
            "description": "Tips received in the period that intake accepted (受理)."
          },
          "violationsConfirmed": {
            "type": "integer",
            "description": "Cases received in the period closed with a confirmed violation."
          },
          "leadsDispatched": {
            "type": "integer",
            "description": "Leads sent to platforms in the period."
          },
          "leadsActioned": {
            "type": "integer",
            "description": "Of those, the leads the platform has reported an action on."
          },
          "leadClosureRate": {
            "type": [
              "number",
              "null"
            ],
            "description": "leadsActioned / leadsDispatched; null when no lead was sent."
          },
          "leadToActionHoursMedian": {
            "type": [
              "number",
              "null"
            ]
          },
          "leadToActionHoursP90": {
            "type": [
              "number",
              "null"
            ]
          },
          "shopsTakenDown": {
            "type": "integer",
            "description": "Shops taken offline in the period."
          },
          "relistingApproved": {
            "type": "integer"
          },
          "relistingRejected": {
            "type": "integer"
          },
          "rewardsClaimed": {
            "type": "integer"
          },
          "rewardsPaid": {
            "type": "integer"
          },
          "rewardsPaidFen": {
            "type": "integer"
          }
        },
        "additionalProperties": true
      },
      "MetricsOverall": {
        "description": "The figures of the whole scope, with rates per day and the cards issued.",
        "allOf": [
          {
            "$ref": "#/components/schemas/MetricsFigures"
          }
        ],
        "type": "object",
        "required": [
          "days",
          "tipsPerDay",
          "leadsPerDay",
          "yellowCards",
          "redCards"
        ],
        "properties": {
          "days": {
            "type": "integer",
            "minimum": 1
          },
          "tipsPerDay": {
            "type": "number"
          },
          "leadsPerDay": {
            "type": "number",
            "description": "leadsDispatched / days, to one decimal."
          },
          "yellowCards": {
            "type": "integer"
          },
          "redCards": {
            "type": "integer"
          }
        }
      },
      "MetricsDay": {
        "type": "object",
        "required": [
          "date",
          "tips",
          "platformLeads"
        ],
        "description": "One UTC day: every counted figure of `MetricsFigures` under its name (`tips`,\n`tipsAccepted`, `casesClosed`, `leadsDispatched`, `leadsActioned`, `shopsTakenDown`,\n`rewardsPaid`, …), counted as in the figures, so the days add up to the period.\n",
        "properties": {
          "date": {
            "type": "string",
            "format": "date"
          },
          "tips": {
            "type": "integer"
          },
          "platformLeads": {
            "type": "integer"
          }
        },
        "additionalProperties": {
          "type": "integer"
        }
      },
      "MetricsMonth": {
        "type": "object",
        "required": [
          "month",
          "tips",
          "platformLeads"
        ],
        "description": "One calendar month (clipped to the period), with the same figures as a day.",
        "properties": {
          "month": {
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}$"
          },
          "tips": {
            "type": "integer"
          },
          "platformLeads": {
            "type": "integer"
          }
        },
        "additionalProperties": {
          "type": "integer"
        }
      },
      "MetricsSourceFigures": {
        "type": "object",
        "description": "Figures by where a case or lead came from: `reporter` (tips), `platform` (leads a\nplatform reported), `risk` (risk runs' priority checks), `regulator` (the regulator's own\nleads on a shop).\n",
        "required": [
          "source",
          "casesReceived",
          "casesClosed",
          "closureRate",
          "closeHoursMedian",
          "leadsDispatched",
          "leadsActioned",
          "leadClosureRate",
          "leadToActionHoursMedian"
        ],
        "properties": {
          "source": {
            "type": "string",
            "enum": [
              "reporter",
              "platform",
              "risk",
              "regulator"
            ]
          },
          "casesReceived": {
            "type": "integer"
          },
          "casesClosed": {
            "type": "integer"
          },
          "closureRate": {
            "type": [
              "number",
              "null"
            ]
          },
          "closeHoursMedian": {
            "type": [
              "number",
              "null"
            ]
          },
          "leadsDispatched": {
            "type": "integer"
          },
          "leadsActioned": {
            "type": "integer"
          },
          "leadClosureRate": {
            "type": [
              "number",
              "null"
            ]
          },
          "leadToActionHoursMedian": {
            "type": [
              "number",
              "null"
            ]
          }
        },
        "additionalProperties": false
      },
      "MetricsPlatformFigures": {
        "type": "object",
        "description": "One platform: the cases about its shops, the leads sent to it and what it did with them,\ntake-downs, relisting decisions and its cards.\n",
        "required": [
          "platformId",
          "name",
          "casesReceived",
          "casesClosed",
          "closureRate",
          "leadsDispatched",
          "leadsAcknowledgedInTime",
          "leadsActioned",
          "leadClosureRate",
          "leadToActionHoursMedian",
          "leadToActionHoursP90",
          "leadTakeDowns",
          "shopsTakenDown",
          "relistingApproved",
          "relistingRejected",
          "yellowCards",
          "redCards"
        ],
        "properties": {
          "platformId": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "casesReceived": {
            "type": "integer"
          },
          "casesClosed": {
            "type": "integer"
          },
          "closureRate": {
            "type": [
              "number",
              "null"
            ]
          },
          "leadsDispatched": {
            "type": "integer"
          },
          "leadsAcknowledgedInTime": {
            "type": "integer"
          },
          "leadsActioned": {
            "type": "integer"
          },
          "leadClosureRate": {
            "type": [
              "number",
              "null"
            ]
          },
          "leadToActionHoursMedian": {
            "type": [
              "number",
              "null"
            ]
          },
          "leadToActionHoursP90": {
            "type": [
              "number",
              "null"
            ]
          },
          "leadTakeDowns": {
            "type": "integer",
            "description": "Leads sent in the period that the platform answered with a take-down."
          },
          "shopsTakenDown": {
            "type": "integer"
          },
          "relistingApproved": {
            "type": "integer"
          },
          "relistingRejected": {
            "type": "integer"
          },
          "yellowCards": {
            "type": "integer"
          },
          "redCards": {
            "type": "integer"
          }
        },
        "additionalProperties": false
      },
      "Metrics": {
        "type": "object",
        "required": [
          "from",
          "to",
          "generatedAt",
          "districtCode",
          "overall",
          "perDay",
          "perMonth",
          "districts",
          "bySource",
          "byPlatform",
          "sections"
        ],
        "properties": {
          "from": {
            "type": "string",
            "format": "date"
          },
          "to": {
            "type": "string",
            "format": "date"
          },
          "generatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "districtCode": {
            "description": "The district the figures are narrowed to, or null for all.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/DistrictCode"
              },
              {
                "type": "null"
              }
            ]
          },
          "overall": {
            "$ref": "#/components/schemas/MetricsOverall"
          },
          "perDay": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/MetricsDay"
            }
          },
          "perMonth": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/MetricsMonth"
            }
          },
          "districts": {
            "type": "array",
            "items": {
              "allOf": [
                {
                  "$ref": "#/components/schemas/MetricsFigures"
                }
              ],
              "type": "object",
              "required": [
                "districtCode"
              ],
              "properties": {
                "districtCode": {
                  "$ref": "#/components/schemas/DistrictCode"
                }
              }
            }
          },
          "bySource": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/MetricsSourceFigures"
            }
          },
          "byPlatform": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/MetricsPlatformFigures"
            }
          },
          "sections": {
            "type": "object",
            "description": "Figures by module (`platforms`: per-platform lead figures as before, `rewards`:\neligible tips, claims, determinations, payouts) and any other module's contribution.\nSame rule: counts and durations only.\n",
            "additionalProperties": {
              "type": "object",
              "additionalProperties": true
            }
          }
        },
        "additionalProperties": false
      },
      "TransparencyFigures": {
        "type": "object",
        "description": "One row of the public document. A null is a withheld cell (named in `suppressed`);\ndurations are hours to two significant figures; `rewardsPaidYuan` is whole yuan.\n",
        "required": [
          "tipsReceived",
          "tipsAccepted",
          "platformLeads",
          "casesClosed",
          "closureRate",
          "closeHoursMedian",
          "violationsConfirmed",
          "leadsDispatched",
          "leadsActioned",
          "leadClosureRate",
          "leadToActionHoursMedian",
          "shopsTakenDown",
          "relistingApproved",
          "relistingRejected",
          "rewardsPaid",
          "rewardsPaidYuan",
          "yellowCards",
          "redCards",
          "suppressed"
        ],
        "properties": {
          "tipsReceived": {
            "type": [
              "integer",
              "null"
            ]
          },
          "tipsAccepted": {
            "type": [
              "integer",
              "null"
            ]
          },
          "platformLeads": {
            "type": [
              "integer",
              "null"
            ]
          },
          "casesClosed": {
            "type": [
              "integer",
              "null"
            ]
          },
          "closureRate": {
            "type": [
              "number",
              "null"
            ]
          },
          "closeHoursMedian": {
            "type": [
              "number",
              "null"
            ]
          },
          "violationsConfirmed": {
            "type": [
              "integer",
              "null"
            ]
          },
          "leadsDispatched": {
            "type": [
              "integer",
              "null"
            ]
          },
          "leadsActioned": {
            "type": [
              "integer",
              "null"
            ]
          },
          "leadClosureRate": {
            "type": [
              "number",
              "null"
            ]
          },
          "leadToActionHoursMedian": {
            "type": [
              "number",
              "null"
            ]
          },
          "shopsTakenDown": {
            "type": [
              "integer",
              "null"
            ]
          },
          "relistingApproved": {
            "type": [
              "integer",
              "null"
            ]
          },
          "relistingRejected": {
            "type": [
              "integer",
              "null"
            ]
          },
          "rewardsPaid": {
            "type": [
              "integer",
              "null"
            ]
          },
          "rewardsPaidYuan": {
            "type": [
              "integer",
              "null"
            ]
          },
          "yellowCards": {
            "type": [
              "integer",
              "null"
            ]
          },
          "redCards": {
            "type": [
              "integer",
              "null"
            ]
          },
          "suppressed": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        }
      },
      "TransparencyReport": {
        "type": "object",
        "required": [
          "generatedAt",
          "from",
          "to",
          "minimumCount",
          "overall",
          "byYear",
          "byDistrict"
        ],
        "properties": {
          "generatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "from": {
            "type": "string",
            "format": "date",
            "description": "The first recorded day (the launch)."
          },
          "to": {
            "type": "string",
            "format": "date"
          },
          "minimumCount": {
            "type": "integer",
            "minimum": 2
          },
          "overall": {
            "$ref": "#/components/schemas/TransparencyFigures",
            "unevaluatedProperties": false
          },
          "byYear": {
            "type": "array",
            "items": {
              "allOf": [
                {
                  "$ref": "#/components/schemas/TransparencyFigures"
                }
              ],
              "type": "object",
              "required": [
                "year"
              ],
              "properties": {
                "year": {
                  "type": "integer"
                }
              },
              "unevaluatedProperties": false
            }
          },
          "byDistrict": {
            "type": "array",
            "items": {
              "allOf": [
                {
                  "$ref": "#/components/schemas/TransparencyFigures"
                }
              ],
              "type": "object",
              "required": [
                "districtCode",
                "nameZh",
                "nameEn"
              ],
              "properties": {
                "districtCode": {
                  "$ref": "#/components/schemas/DistrictCode"
                },
                "nameZh": {
                  "type": "string"
                },
                "nameEn": {
                  "type": "string"
                }
              },
              "unevaluatedProperties": false
            }
          }
        },
        "additionalProperties": false
      },
      "EntryPoint": {
        "type": "string",
        "description": "Where a partner shows the scheme.",
        "enum": [
          "splash",
          "banner",
          "in_app"
        ]
      },
      "TipReferral": {
        "type": "object",
        "description": "The partner and entry point the reporter came through. Not stored with the tip: it only\nadds one to that month's counter (`getReferralCounts`).\n",
        "required": [
          "partnerId",
          "entryPoint"
        ],
        "properties": {
          "partnerId": {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9-]{1,62}$"
          },
          "entryPoint": {
            "$ref": "#/components/schemas/EntryPoint"
          }
        },
        "additionalProperties": false
      },
      "PartnerEntryPoints": {
        "type": "object",
        "required": [
          "partnerId",
          "items"
        ],
        "properties": {
          "partnerId": {
            "type": "string"
          },
          "items": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "entryPoint",
                "url",
                "qrSvg"
              ],
              "properties": {
                "entryPoint": {
                  "$ref": "#/components/schemas/EntryPoint"
                },
                "url": {
                  "type": "string",
                  "format": "uri"
                },
                "qrSvg": {
                  "type": "string",
                  "description": "The link as a QR code, an SVG document."
                }
              },
              "additionalProperties": false
            }
          }
        },
        "additionalProperties": false
      },
      "ReferralCounts": {
        "type": "object",
        "required": [
          "from",
          "to",
          "minimumCount",
          "items"
        ],
        "properties": {
          "from": {
            "type": [
              "string",
              "null"
            ]
          },
          "to": {
            "type": [
              "string",
              "null"
            ]
          },
          "minimumCount": {
            "type": "integer"
          },
          "items": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "partnerId",
                "entryPoint",
                "tips"
              ],
              "properties": {
                "partnerId": {
                  "type": "string"
                },
                "entryPoint": {
                  "$ref": "#/components/schemas/EntryPoint"
                },
                "tips": {
                  "type": [
                    "integer",
                    "null"
                  ],
                  "description": "null when from 1 to minimumCount - 1."
                }
              },
              "additionalProperties": false
            }
          }
        },
        "additionalProperties": false
      },
      "PlatformContact": {
        "type": "object",
        "description": "A person at the platform the regulator can reach about leads.",
        "required": [
          "name",
          "email"
        ],
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "email": {
            "type": "string",
            "format": "email",
            "maxLength": 254
          },
          "phone": {
            "type": "string",
            "maxLength": 40
          },
          "role": {
            "type": "string",
            "maxLength": 100
          }
        },
        "additionalProperties": false
      },
      "PlatformRegistration": {
        "type": "object",
        "description": "Exactly one of `jwks` and `jwksUrl`.",
        "required": [
          "name",
          "contacts"
        ],
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "jwks": {
            "$ref": "#/components/schemas/Jwks"
          },
          "jwksUrl": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048
          },
          "webhookUrl": {
            "type": [
              "string",
              "null"
            ],
            "format": "uri",
            "maxLength": 2048
          },
          "contacts": {
            "type": "array",
            "maxItems": 20,
            "items": {
              "$ref": "#/components/schemas/PlatformContact"
            }
          }
        },
        "additionalProperties": false
      },
      "PlatformUpdate": {
        "type": "object",
        "minProperties": 1,
        "description": "Fields to change. Setting `jwks` clears `jwksUrl` and the other way round.",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "jwks": {
            "$ref": "#/components/schemas/Jwks"
          },
          "jwksUrl": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048
          },
          "webhookUrl": {
            "type": [
              "string",
              "null"
            ],
            "format": "uri",
            "maxLength": 2048
          },
          "webhookEnabled": {
            "type": "boolean"
          },
          "contacts": {
            "type": "array",
            "maxItems": 20,
            "items": {
              "$ref": "#/components/schemas/PlatformContact"
            }
          }
        },
        "additionalProperties": false
      },
      "Platform": {
        "type": "object",
        "required": [
          "id",
          "name",
          "jwks",
          "jwksUrl",
          "webhookUrl",
          "webhookEnabled",
          "webhookDisabledReason",
          "contacts",
          "createdAt",
          "updatedAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "jwks": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/Jwks"
              },
              {
                "type": "null"
              }
            ]
          },
          "jwksUrl": {
            "type": [
              "string",
              "null"
            ]
          },
          "webhookUrl": {
            "type": [
              "string",
              "null"
            ]
          },
          "webhookEnabled": {
            "type": "boolean"
          },
          "webhookDisabledReason": {
            "type": [
              "string",
              "null"
            ]
          },
          "contacts": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PlatformContact"
            }
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "WebhookDeliveryState": {
        "type": "string",
        "enum": [
          "pending",
          "delivered",
          "dead"
        ]
      },
      "WebhookSecretRotation": {
        "type": "object",
        "properties": {
          "overlapSeconds": {
            "type": "integer",
            "minimum": 0,
            "maximum": 604800,
            "default": 86400,
            "description": "How long the previous secret keeps signing beside the new one (0 to 7 days)."
          }
        },
        "additionalProperties": false
      },
      "WebhookSecret": {
        "type": "object",
        "required": [
          "secret",
          "createdAt",
          "previousSecretExpiresAt"
        ],
        "properties": {
          "secret": {
            "type": "string",
            "pattern": "^whsec_[A-Za-z0-9+/]{43}=$",
            "description": "The Standard Webhooks secret, `whsec_` and 32 random bytes in base64. Shown only here."
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "previousSecretExpiresAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time",
            "description": "Until when the previous secret also signs; null when there was none."
          }
        },
        "additionalProperties": false
      },
      "WebhookDelivery": {
        "type": "object",
        "description": "One message of the outbox; `id` is its `webhook-id`.",
        "required": [
          "id",
          "platformId",
          "eventType",
          "state",
          "attempts",
          "nextAttemptAt",
          "lastStatus",
          "lastError",
          "createdAt",
          "deliveredAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "platformId": {
            "type": "string"
          },
          "eventType": {
            "$ref": "#/components/schemas/WebhookEventType"
          },
          "state": {
            "$ref": "#/components/schemas/WebhookDeliveryState"
          },
          "attempts": {
            "type": "integer",
            "minimum": 0
          },
          "nextAttemptAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "lastStatus": {
            "description": "HTTP status of the last attempt; null when it got no response.",
            "type": [
              "integer",
              "null"
            ]
          },
          "lastError": {
            "type": [
              "string",
              "null"
            ]
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "deliveredAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "WebhookEventType": {
        "type": "string",
        "enum": [
          "lead.created",
          "relisting.decided",
          "card.issued"
        ]
      },
      "LeadCreatedEvent": {
        "type": "object",
        "description": "The body of a `lead.created` webhook: a lead for the platform to act on.",
        "required": [
          "type",
          "timestamp",
          "data"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "lead.created"
          },
          "timestamp": {
            "type": "string",
            "format": "date-time",
            "description": "When the event happened."
          },
          "data": {
            "$ref": "#/components/schemas/Lead"
          }
        },
        "additionalProperties": false
      },
      "RelistingDecidedEvent": {
        "type": "object",
        "description": "The body of a `relisting.decided` webhook: the regulator approved or rejected a relisting request.",
        "required": [
          "type",
          "timestamp",
          "data"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "relisting.decided"
          },
          "timestamp": {
            "type": "string",
            "format": "date-time",
            "description": "When the event happened."
          },
          "data": {
            "$ref": "#/components/schemas/RelistingRequest"
          }
        },
        "additionalProperties": false
      },
      "CardIssuedEvent": {
        "type": "object",
        "description": "The body of a `card.issued` webhook: a yellow or red card issued to the platform.",
        "required": [
          "type",
          "timestamp",
          "data"
        ],
        "properties": {
          "type": {
            "type": "string",
            "const": "card.issued"
          },
          "timestamp": {
            "type": "string",
            "format": "date-time",
            "description": "When the event happened."
          },
          "data": {
            "$ref": "#/components/schemas/PlatformCard"
          }
        },
        "additionalProperties": false
      },
      "PlatformEvidence": {
        "type": "object",
        "description": "Evidence the platform keeps (a screenshot, a document); referenced by URL and/or hash.",
        "required": [
          "description"
        ],
        "properties": {
          "description": {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000
          },
          "url": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048
          },
          "sha256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$"
          },
          "mediaType": {
            "type": "string",
            "maxLength": 100
          }
        },
        "additionalProperties": false
      },
      "Attestation": {
        "type": "object",
        "description": "The platform's verified signature, stored with the record it created: the\n`Ezhili-Signature` header as received and the SHA-256 of the exact signed body.\n",
        "required": [
          "kid",
          "alg",
          "jti",
          "signedAt",
          "signature",
          "bodySha256"
        ],
        "properties": {
          "kid": {
            "type": "string"
          },
          "alg": {
            "type": "string",
            "enum": [
              "EdDSA",
              "ES256"
            ]
          },
          "jti": {
            "type": "string"
          },
          "signedAt": {
            "type": "string",
            "format": "date-time"
          },
          "signature": {
            "type": "string"
          },
          "bodySha256": {
            "type": "string"
          }
        },
        "additionalProperties": false
      },
      "LeadSource": {
        "type": "string",
        "enum": [
          "case",
          "shop",
          "risk"
        ]
      },
      "LeadStatus": {
        "type": "string",
        "enum": [
          "open",
          "acknowledged",
          "actioned"
        ]
      },
      "LeadDeadlines": {
        "type": "object",
        "required": [
          "acknowledgeWithinSeconds",
          "actionWithinSeconds"
        ],
        "properties": {
          "acknowledgeWithinSeconds": {
            "type": "integer",
            "minimum": 60,
            "maximum": 2592000
          },
          "actionWithinSeconds": {
            "type": "integer",
            "minimum": 60,
            "maximum": 7776000
          }
        },
        "additionalProperties": false
      },
      "LeadCreate": {
        "type": "object",
        "description": "A lead from a case (`caseId`, the case's shop) or from a shop (`shopId`).",
        "required": [
          "source",
          "summary"
        ],
        "properties": {
          "source": {
            "type": "string",
            "enum": [
              "case",
              "shop"
            ]
          },
          "caseId": {
            "type": "string",
            "maxLength": 64
          },
          "shopId": {
            "type": "string",
            "maxLength": 64
          },
          "summary": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4000
          },
          "violationCategory": {
            "$ref": "#/components/schemas/ViolationCategory"
          },
          "deadlines": {
            "$ref": "#/components/schemas/LeadDeadlines"
          }
        },
        "additionalProperties": false
      },
      "Lead": {
        "type": "object",
        "required": [
          "id",
          "platformId",
          "shopId",
          "platformShopId",
          "shopName",
          "caseId",
          "source",
          "summary",
          "violationCategory",
          "basis",
          "requestedAction",
          "status",
          "createdAt",
          "acknowledgeDueAt",
          "actionDueAt",
          "acknowledgedAt",
          "action",
          "overdue"
        ],
        "properties": {
          "id": {
            "type": "string",
            "description": "Random, unique per lead, encoding no time: the platform's reference for the lead.\n"
          },
          "platformId": {
            "type": "string"
          },
          "shopId": {
            "type": "string"
          },
          "platformShopId": {
            "type": [
              "string",
              "null"
            ]
          },
          "shopName": {
            "type": "string"
          },
          "caseId": {
            "type": [
              "string",
              "null"
            ],
            "description": "The case behind the lead, for staff only. Always `null` in what a platform receives\n(its API calls and webhooks): a case id joins the leads of one case and, being\ntime-ordered, would date the tip behind it.\n"
          },
          "source": {
            "$ref": "#/components/schemas/LeadSource"
          },
          "summary": {
            "type": "string"
          },
          "violationCategory": {
            "type": [
              "string",
              "null"
            ]
          },
          "basis": {
            "type": "string",
            "enum": [
              "confirmed_violation",
              "priority_check",
              "official_report"
            ],
            "description": "What the lead rests on: `confirmed_violation` — a case closed with a confirmed\nviolation; `priority_check` — the risk index ranks the shop high (a reason to review\nthe listing, never a finding); `official_report` — an official's report or a case\nstill under investigation.\n"
          },
          "requestedAction": {
            "type": "string",
            "enum": [
              "take_down",
              "review"
            ],
            "description": "`take_down` only for a confirmed violation; otherwise `review` the listing."
          },
          "status": {
            "$ref": "#/components/schemas/LeadStatus"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "acknowledgeDueAt": {
            "type": "string",
            "format": "date-time"
          },
          "actionDueAt": {
            "type": "string",
            "format": "date-time"
          },
          "acknowledgedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "action": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/LeadAction"
              },
              {
                "type": "null"
              }
            ]
          },
          "overdue": {
            "type": "object",
            "description": "Whether a deadline has passed without the step (or the step came late).",
            "required": [
              "acknowledge",
              "action"
            ],
            "properties": {
              "acknowledge": {
                "type": "boolean"
              },
              "action": {
                "type": "boolean"
              }
            },
            "additionalProperties": false
          }
        },
        "additionalProperties": false
      },
      "LeadAcknowledgement": {
        "type": "object",
        "properties": {
          "note": {
            "type": "string",
            "maxLength": 2000
          }
        },
        "additionalProperties": false
      },
      "LeadActionKind": {
        "type": "string",
        "description": "`taken_down`: the shop was taken offline at `at`; `rectification_ordered`: the shop\nwas told to fix the violation and stays online; `no_violation_found`; `shop_not_found`.\n",
        "enum": [
          "taken_down",
          "rectification_ordered",
          "no_violation_found",
          "shop_not_found"
        ]
      },
      "LeadActionReport": {
        "type": "object",
        "required": [
          "action",
          "at"
        ],
        "properties": {
          "action": {
            "$ref": "#/components/schemas/LeadActionKind"
          },
          "at": {
            "type": "string",
            "format": "date-time",
            "description": "When the platform acted (e.g. took the shop down)."
          },
          "evidence": {
            "type": "array",
            "maxItems": 20,
            "items": {
              "$ref": "#/components/schemas/PlatformEvidence"
            }
          },
          "note": {
            "type": "string",
            "maxLength": 2000
          }
        },
        "additionalProperties": false
      },
      "LeadAction": {
        "type": "object",
        "required": [
          "leadId",
          "action",
          "at",
          "evidence",
          "note",
          "reportedAt",
          "attestation"
        ],
        "properties": {
          "leadId": {
            "type": "string"
          },
          "action": {
            "$ref": "#/components/schemas/LeadActionKind"
          },
          "at": {
            "type": "string",
            "format": "date-time"
          },
          "evidence": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PlatformEvidence"
            }
          },
          "note": {
            "type": [
              "string",
              "null"
            ]
          },
          "reportedAt": {
            "type": "string",
            "format": "date-time"
          },
          "attestation": {
            "$ref": "#/components/schemas/Attestation"
          }
        },
        "additionalProperties": false
      },
      "PlatformLeadSubmission": {
        "type": "object",
        "required": [
          "platformShopId",
          "violationCategory",
          "description"
        ],
        "properties": {
          "platformShopId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "description": "The shop as the platform lists it."
          },
          "shopName": {
            "type": "string",
            "maxLength": 200
          },
          "shopAddress": {
            "type": "string",
            "maxLength": 500
          },
          "districtCode": {
            "$ref": "#/components/schemas/DistrictCode"
          },
          "violationCategory": {
            "$ref": "#/components/schemas/ViolationCategory"
          },
          "description": {
            "type": "string",
            "minLength": 1,
            "maxLength": 8000
          },
          "observedAt": {
            "type": "string",
            "format": "date-time"
          },
          "evidence": {
            "type": "array",
            "maxItems": 20,
            "items": {
              "$ref": "#/components/schemas/PlatformEvidence"
            }
          }
        },
        "additionalProperties": false
      },
      "PlatformLeadReceipt": {
        "type": "object",
        "description": "The regulator's receipt for a platform's submission. `id` (random, encoding no time) is\nthe platform's reference for it; the case it opened stays internal.\n",
        "required": [
          "id",
          "receivedAt",
          "attestation"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "receivedAt": {
            "type": "string",
            "format": "date-time"
          },
          "attestation": {
            "$ref": "#/components/schemas/Attestation"
          }
        },
        "additionalProperties": false
      },
      "RelistingStatus": {
        "type": "string",
        "enum": [
          "pending",
          "approved",
          "rejected"
        ]
      },
      "RelistingReview": {
        "type": "object",
        "description": "The platform's compliance review of the shop.",
        "required": [
          "checklist",
          "licence",
          "rectificationEvidence",
          "summary"
        ],
        "properties": {
          "checklist": {
            "type": "array",
            "minItems": 1,
            "maxItems": 50,
            "items": {
              "type": "object",
              "required": [
                "item",
                "passed"
              ],
              "properties": {
                "item": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 200
                },
                "passed": {
                  "type": "boolean"
                },
                "note": {
                  "type": "string",
                  "maxLength": 1000
                }
              },
              "additionalProperties": false
            }
          },
          "licence": {
            "type": "object",
            "required": [
              "number"
            ],
            "properties": {
              "number": {
                "type": "string",
                "minLength": 1,
                "maxLength": 64
              },
              "expiresOn": {
                "type": "string",
                "format": "date"
              }
            },
            "additionalProperties": false
          },
          "rectificationEvidence": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {
              "$ref": "#/components/schemas/PlatformEvidence"
            }
          },
          "summary": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4000
          }
        },
        "additionalProperties": false
      },
      "RelistingRequestCreate": {
        "type": "object",
        "required": [
          "shopId",
          "review"
        ],
        "properties": {
          "shopId": {
            "type": "string",
            "maxLength": 64,
            "description": "The regulator's shop id (as in the lead)."
          },
          "review": {
            "$ref": "#/components/schemas/RelistingReview"
          }
        },
        "additionalProperties": false
      },
      "RelistingDecisionCreate": {
        "type": "object",
        "required": [
          "outcome",
          "reasons"
        ],
        "properties": {
          "outcome": {
            "type": "string",
            "enum": [
              "approved",
              "rejected"
            ]
          },
          "reasons": {
            "type": "string",
            "minLength": 1,
            "maxLength": 4000
          }
        },
        "additionalProperties": false
      },
      "RelistingRequest": {
        "type": "object",
        "required": [
          "id",
          "platformId",
          "shopId",
          "status",
          "review",
          "submittedAt",
          "attestation",
          "decision"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "platformId": {
            "type": "string"
          },
          "shopId": {
            "type": "string"
          },
          "status": {
            "$ref": "#/components/schemas/RelistingStatus"
          },
          "review": {
            "$ref": "#/components/schemas/RelistingReview"
          },
          "submittedAt": {
            "type": "string",
            "format": "date-time"
          },
          "attestation": {
            "$ref": "#/components/schemas/Attestation"
          },
          "decision": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "required": [
                  "outcome",
                  "reasons",
                  "decidedAt"
                ],
                "properties": {
                  "outcome": {
                    "type": "string",
                    "enum": [
                      "approved",
                      "rejected"
                    ]
                  },
                  "reasons": {
                    "type": "string"
                  },
                  "decidedAt": {
                    "type": "string",
                    "format": "date-time"
                  }
                },
                "additionalProperties": false
              }
            ]
          }
        },
        "additionalProperties": false
      },
      "ShopRelistingStatus": {
        "type": "object",
        "required": [
          "shopId",
          "takenDown",
          "takenDownAt",
          "relistable",
          "reason",
          "latestRequestId"
        ],
        "properties": {
          "shopId": {
            "type": "string"
          },
          "takenDown": {
            "type": "boolean",
            "description": "Whether the shop was taken down after a violation and not yet cleared."
          },
          "takenDownAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "relistable": {
            "type": "boolean"
          },
          "reason": {
            "type": "string",
            "enum": [
              "never_taken_down",
              "awaiting_request",
              "request_pending",
              "request_rejected",
              "request_approved"
            ]
          },
          "latestRequestId": {
            "type": [
              "string",
              "null"
            ]
          }
        },
        "additionalProperties": false
      },
      "ScorecardPeriod": {
        "type": "string",
        "pattern": "^[0-9]{4}-(Q[1-4]|0[1-9]|1[0-2])$"
      },
      "CardColor": {
        "type": "string",
        "enum": [
          "yellow",
          "red"
        ]
      },
      "PlatformScorecard": {
        "type": "object",
        "required": [
          "platformId",
          "period",
          "from",
          "to",
          "leadsReceived",
          "acknowledged",
          "acknowledgedInTime",
          "acknowledgedInTimeRate",
          "takeDowns",
          "takeDownsInTime",
          "takeDownInTimeRate",
          "medianLeadToActionSeconds",
          "relisting",
          "cards",
          "proposedCards"
        ],
        "properties": {
          "platformId": {
            "type": "string"
          },
          "period": {
            "$ref": "#/components/schemas/ScorecardPeriod"
          },
          "from": {
            "type": "string",
            "format": "date-time"
          },
          "to": {
            "type": "string",
            "format": "date-time"
          },
          "leadsReceived": {
            "type": "integer",
            "description": "Leads created in the period."
          },
          "acknowledged": {
            "type": "integer"
          },
          "acknowledgedInTime": {
            "type": "integer"
          },
          "acknowledgedInTimeRate": {
            "description": "acknowledgedInTime / leadsReceived; null without leads.",
            "type": [
              "number",
              "null"
            ]
          },
          "takeDowns": {
            "type": "integer",
            "description": "Leads of the period answered with `taken_down`."
          },
          "takeDownsInTime": {
            "type": "integer"
          },
          "takeDownInTimeRate": {
            "description": "takeDownsInTime / takeDowns; null without take-downs.",
            "type": [
              "number",
              "null"
            ]
          },
          "medianLeadToActionSeconds": {
            "type": [
              "number",
              "null"
            ]
          },
          "relisting": {
            "type": "object",
            "required": [
              "approved",
              "rejected",
              "pending",
              "breaches"
            ],
            "properties": {
              "approved": {
                "type": "integer"
              },
              "rejected": {
                "type": "integer"
              },
              "pending": {
                "type": "integer"
              },
              "breaches": {
                "type": "integer",
                "description": "Take-downs first found breached in the period: the platform put (or tried to\nput) the shop online again without an approved relisting request, through its\nfeed or as found by the reconciliation job. Counts toward cards\n(`count_at_least` rules on `relistingBreaches`).\n"
              }
            },
            "additionalProperties": false
          },
          "cards": {
            "type": "object",
            "required": [
              "yellow",
              "red"
            ],
            "properties": {
              "yellow": {
                "type": "integer"
              },
              "red": {
                "type": "integer"
              }
            },
            "additionalProperties": false
          },
          "proposedCards": {
            "type": "array",
            "description": "Cards the configured rules propose for this period; staff decide whether to issue them.",
            "items": {
              "type": "object",
              "required": [
                "color",
                "ruleId",
                "reason"
              ],
              "properties": {
                "color": {
                  "$ref": "#/components/schemas/CardColor"
                },
                "ruleId": {
                  "type": "string"
                },
                "reason": {
                  "type": "string"
                }
              },
              "additionalProperties": false
            }
          }
        },
        "additionalProperties": false
      },
      "PlatformCardIssue": {
        "type": "object",
        "required": [
          "color",
          "reason"
        ],
        "properties": {
          "color": {
            "$ref": "#/components/schemas/CardColor"
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000
          },
          "period": {
            "$ref": "#/components/schemas/ScorecardPeriod"
          },
          "ruleId": {
            "type": "string",
            "maxLength": 100
          }
        },
        "additionalProperties": false
      },
      "PlatformCard": {
        "type": "object",
        "required": [
          "id",
          "platformId",
          "color",
          "reason",
          "period",
          "ruleId",
          "issuedAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "platformId": {
            "type": "string"
          },
          "color": {
            "$ref": "#/components/schemas/CardColor"
          },
          "reason": {
            "type": "string"
          },
          "period": {
            "$ref": "#/components/schemas/ScorecardPeriod"
          },
          "ruleId": {
            "type": [
              "string",
              "null"
            ]
          },
          "issuedAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "MoneyFen": {
        "type": "integer",
        "minimum": 0,
        "maximum": 100000000000000,
        "description": "An amount of money in fen (1 yuan = 100 fen), always an integer."
      },
      "RewardLevelNumber": {
        "type": "integer",
        "minimum": 1,
        "maximum": 9,
        "description": "A reward level of the rule (1 is the highest)."
      },
      "RewardLevelRule": {
        "type": "object",
        "required": [
          "level",
          "description",
          "percentBasisPoints",
          "minimumFen"
        ],
        "properties": {
          "level": {
            "$ref": "#/components/schemas/RewardLevelNumber"
          },
          "description": {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000
          },
          "percentBasisPoints": {
            "type": "integer",
            "minimum": 0,
            "maximum": 10000,
            "description": "The share of the fines and confiscations, in basis points (500 = 5%)."
          },
          "minimumFen": {
            "$ref": "#/components/schemas/MoneyFen"
          }
        },
        "additionalProperties": false
      },
      "RewardEligibilityCondition": {
        "type": "object",
        "required": [
          "code",
          "description"
        ],
        "properties": {
          "code": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9_]{0,63}$"
          },
          "description": {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000
          }
        },
        "additionalProperties": false
      },
      "RewardRules": {
        "type": "object",
        "description": "A reward profile: rules as data. Ship your own as a JSON file (`REWARD_PROFILE_FILE`);\nit is validated against this schema at start-up.\n",
        "required": [
          "id",
          "name",
          "source",
          "currency",
          "levels",
          "perCaseCapFen",
          "internalWhistleblowerMaxMultiplier",
          "rounding",
          "claimWindowWorkingDays",
          "determinationWorkingDays",
          "eligibility"
        ],
        "properties": {
          "id": {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "source": {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000,
            "description": "The legal text the profile restates."
          },
          "currency": {
            "type": "string",
            "const": "CNY"
          },
          "levels": {
            "type": "array",
            "minItems": 1,
            "maxItems": 9,
            "items": {
              "$ref": "#/components/schemas/RewardLevelRule"
            }
          },
          "perCaseCapFen": {
            "$ref": "#/components/schemas/MoneyFen"
          },
          "internalWhistleblowerMaxMultiplier": {
            "type": "number",
            "minimum": 1,
            "maximum": 10,
            "description": "How far the amount of an internal whistleblower may be raised (2 = up to twice)."
          },
          "rounding": {
            "type": "string",
            "const": "half_up_to_fen",
            "description": "Percentages are applied to the basis in fen and rounded half up to a whole fen."
          },
          "claimWindowWorkingDays": {
            "type": "integer",
            "minimum": 1,
            "maximum": 1000,
            "description": "Working days after the reporter is notified (the case closed) within which a claim is accepted."
          },
          "determinationWorkingDays": {
            "type": "integer",
            "minimum": 1,
            "maximum": 1000,
            "description": "Working days after the claim within which the committee must determine the amount."
          },
          "eligibility": {
            "type": "object",
            "required": [
              "outcomes",
              "conditions"
            ],
            "properties": {
              "outcomes": {
                "type": "array",
                "minItems": 1,
                "items": {
                  "$ref": "#/components/schemas/CaseOutcome"
                },
                "description": "Case outcomes that make a tip eligible (checked by the server)."
              },
              "conditions": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/RewardEligibilityCondition"
                },
                "description": "Conditions the handler and the committee check and cite (not machine-checked)."
              }
            },
            "additionalProperties": false
          }
        },
        "additionalProperties": false
      },
      "RewardRulesView": {
        "type": "object",
        "required": [
          "rules",
          "calendar"
        ],
        "properties": {
          "rules": {
            "$ref": "#/components/schemas/RewardRules"
          },
          "calendar": {
            "type": "object",
            "required": [
              "timeZone",
              "workingDays",
              "holidays",
              "extraWorkingDays"
            ],
            "properties": {
              "timeZone": {
                "type": "string",
                "description": "The UTC offset deadlines are counted in, e.g. `+08:00`."
              },
              "workingDays": {
                "type": "string",
                "const": "Mon-Fri"
              },
              "holidays": {
                "type": "array",
                "items": {
                  "type": "string",
                  "format": "date"
                }
              },
              "extraWorkingDays": {
                "type": "array",
                "description": "Weekend days that are working days (make-up days).",
                "items": {
                  "type": "string",
                  "format": "date"
                }
              }
            },
            "additionalProperties": false
          }
        },
        "additionalProperties": false
      },
      "RewardClaimState": {
        "type": "string",
        "description": "`claimed` → `proposed` (handler) → `determined` (committee) → `payout_pending`\n(finance approved) → `paid` or `payout_failed`.\n",
        "enum": [
          "claimed",
          "proposed",
          "determined",
          "payout_pending",
          "paid",
          "payout_failed"
        ]
      },
      "RewardClaimRequest": {
        "type": "object",
        "properties": {
          "attachAccount": {
            "type": "object",
            "description": "For an anonymous tip claimed without a reporter session: the login (phone and\npassphrase) of the reporter account to pay. Checked like a login (rate-limited).\n",
            "required": [
              "phone",
              "passphrase"
            ],
            "properties": {
              "phone": {
                "type": "string",
                "minLength": 1,
                "maxLength": 32
              },
              "passphrase": {
                "type": "string",
                "minLength": 1,
                "maxLength": 1024
              }
            },
            "additionalProperties": false
          }
        },
        "additionalProperties": false
      },
      "ReporterRewardState": {
        "type": "object",
        "description": "The reporter's view of the reward for one tip.",
        "required": [
          "status",
          "claimDeadline",
          "claimedAt",
          "level",
          "amountFen",
          "payoutFailureReason",
          "actionRequired",
          "paidAt"
        ],
        "properties": {
          "status": {
            "type": "string",
            "description": "`claimable` until the claim deadline, then `claim_expired`; after a claim, the claim's state.",
            "enum": [
              "claimable",
              "claim_expired",
              "claimed",
              "proposed",
              "determined",
              "payout_pending",
              "paid",
              "payout_failed"
            ]
          },
          "claimDeadline": {
            "type": "string",
            "format": "date-time"
          },
          "claimedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "level": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/RewardLevelNumber"
              },
              {
                "type": "null"
              }
            ]
          },
          "amountFen": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/MoneyFen"
              },
              {
                "type": "null"
              }
            ]
          },
          "payoutFailureReason": {
            "type": [
              "string",
              "null"
            ]
          },
          "actionRequired": {
            "type": [
              "string",
              "null"
            ],
            "enum": [
              "attach_account",
              "fix_account_name",
              null
            ],
            "description": "What the reporter must do for the reward to be paid."
          },
          "paidAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "RewardAmountBounds": {
        "type": "object",
        "required": [
          "minFen",
          "maxFen"
        ],
        "properties": {
          "minFen": {
            "$ref": "#/components/schemas/MoneyFen"
          },
          "maxFen": {
            "$ref": "#/components/schemas/MoneyFen"
          }
        },
        "additionalProperties": false
      },
      "RewardClaim": {
        "type": "object",
        "description": "The staff view of a claim. The identity code stands in for the reporter.",
        "required": [
          "id",
          "identityCode",
          "caseId",
          "state",
          "profileId",
          "basisFen",
          "level",
          "internalWhistleblower",
          "proposalReasons",
          "ruleAmountFen",
          "amountBounds",
          "amountFen",
          "deviationReason",
          "claimedAt",
          "determinationDueAt",
          "overdue",
          "proposedAt",
          "determinedAt",
          "approvedAt",
          "payout"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "identityCode": {
            "$ref": "#/components/schemas/IdentityCode"
          },
          "caseId": {
            "type": "string"
          },
          "state": {
            "$ref": "#/components/schemas/RewardClaimState"
          },
          "profileId": {
            "type": "string"
          },
          "basisFen": {
            "$ref": "#/components/schemas/MoneyFen"
          },
          "level": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/RewardLevelNumber"
              },
              {
                "type": "null"
              }
            ]
          },
          "internalWhistleblower": {
            "type": [
              "boolean",
              "null"
            ]
          },
          "proposalReasons": {
            "type": [
              "string",
              "null"
            ]
          },
          "ruleAmountFen": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/MoneyFen"
              },
              {
                "type": "null"
              }
            ]
          },
          "amountBounds": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/RewardAmountBounds"
              },
              {
                "type": "null"
              }
            ]
          },
          "amountFen": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/MoneyFen"
              },
              {
                "type": "null"
              }
            ]
          },
          "deviationReason": {
            "type": [
              "string",
              "null"
            ]
          },
          "claimedAt": {
            "type": "string",
            "format": "date-time"
          },
          "determinationDueAt": {
            "type": "string",
            "format": "date-time"
          },
          "overdue": {
            "type": "boolean",
            "description": "Past the determination deadline without a determination."
          },
          "proposedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "determinedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "approvedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "payout": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/PayoutSummary"
              },
              {
                "type": "null"
              }
            ]
          }
        },
        "additionalProperties": false
      },
      "PayoutSummary": {
        "type": "object",
        "required": [
          "id",
          "state",
          "amountFen",
          "failureReason",
          "attempts",
          "paidAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "state": {
            "type": "string",
            "enum": [
              "pending",
              "submitting",
              "paid",
              "failed"
            ]
          },
          "amountFen": {
            "$ref": "#/components/schemas/MoneyFen"
          },
          "failureReason": {
            "type": [
              "string",
              "null"
            ]
          },
          "attempts": {
            "type": "integer",
            "minimum": 0
          },
          "paidAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          }
        },
        "additionalProperties": false
      },
      "RewardClaimList": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RewardClaim"
            }
          }
        },
        "additionalProperties": false
      },
      "RewardProposal": {
        "type": "object",
        "required": [
          "level",
          "internalWhistleblower",
          "reasons"
        ],
        "properties": {
          "level": {
            "$ref": "#/components/schemas/RewardLevelNumber"
          },
          "internalWhistleblower": {
            "type": "boolean",
            "description": "The reporter is an insider of the shop (raises the rule's bounds)."
          },
          "reasons": {
            "type": "string",
            "minLength": 1,
            "maxLength": 5000,
            "pattern": "\\S"
          }
        },
        "additionalProperties": false
      },
      "RewardDetermination": {
        "type": "object",
        "properties": {
          "amountFen": {
            "$ref": "#/components/schemas/MoneyFen"
          },
          "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 5000,
            "pattern": "\\S",
            "description": "Required when `amountFen` differs from the rule's amount."
          }
        },
        "additionalProperties": false
      },
      "PayoutApproval": {
        "type": "object",
        "properties": {
          "note": {
            "type": "string",
            "maxLength": 2000
          }
        },
        "additionalProperties": false
      },
      "IdentityAccessNotice": {
        "type": "object",
        "description": "One opening of the reporter's sealed identity (EU 2019/1937 Art. 16).",
        "required": [
          "accessedAt",
          "legalBasis",
          "reason",
          "approvals"
        ],
        "properties": {
          "accessedAt": {
            "type": "string",
            "format": "date-time"
          },
          "legalBasis": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "approvals": {
            "type": "integer",
            "minimum": 1,
            "description": "How many auditors approved the opening."
          },
          "opened": {
            "type": "string",
            "enum": [
              "identity",
              "evidence_original",
              "text_original"
            ],
            "description": "What was opened (absent in notices from before originals could be opened; those were the identity)."
          }
        },
        "additionalProperties": false
      },
      "UnsealRequestState": {
        "type": "string",
        "description": "`pending` → `approved` (k shares) → `opened` (once); `expired` when not opened in time.",
        "enum": [
          "pending",
          "approved",
          "opened",
          "expired"
        ]
      },
      "UnsealRequestCreate": {
        "type": "object",
        "required": [
          "caseId",
          "legalBasis",
          "reason"
        ],
        "properties": {
          "caseId": {
            "type": "string",
            "pattern": "^case_[0-9a-z]{26}$"
          },
          "legalBasis": {
            "type": "string",
            "minLength": 3,
            "maxLength": 500,
            "pattern": "\\S",
            "description": "The legal provision or order the opening rests on."
          },
          "reason": {
            "type": "string",
            "minLength": 10,
            "maxLength": 5000,
            "pattern": "\\S"
          },
          "target": {
            "$ref": "#/components/schemas/UnsealTarget"
          }
        },
        "additionalProperties": false
      },
      "UnsealTarget": {
        "type": "object",
        "description": "What the request opens: the reporter's sealed `identity` (the default), the sealed\noriginal of an evidence file (`evidence_original`: the file as uploaded, unredacted, with\nits metadata; name `evidenceId`), or a text as it was before a redaction\n(`text_original`: name the text redaction's `redactionId`). Originals are downloaded\nwith `openUnsealedOriginal`.\n",
        "required": [
          "type"
        ],
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "identity",
              "evidence_original",
              "text_original"
            ]
          },
          "evidenceId": {
            "type": "string",
            "pattern": "^[a-z]+_[0-9a-z]{26}$"
          },
          "redactionId": {
            "type": "string",
            "pattern": "^red_[0-9a-z]{26}$"
          }
        },
        "additionalProperties": false
      },
      "UnsealShareSubmission": {
        "type": "object",
        "required": [
          "share"
        ],
        "properties": {
          "share": {
            "type": "string",
            "minLength": 10,
            "maxLength": 200,
            "description": "The auditor's share, `EZA1.<kid>.<base64url>`."
          }
        },
        "additionalProperties": false
      },
      "UnsealedIdentity": {
        "type": "object",
        "description": "The reporter's identity as sealed at registration; returned once, to the requester only.",
        "required": [
          "realName",
          "residentId",
          "phone",
          "bankAccount",
          "identityVersion"
        ],
        "properties": {
          "realName": {
            "type": "string"
          },
          "residentId": {
            "type": "string"
          },
          "phone": {
            "type": "string"
          },
          "bankAccount": {
            "type": "object",
            "required": [
              "bankName",
              "accountNumber",
              "accountName"
            ],
            "properties": {
              "bankName": {
                "type": "string"
              },
              "accountNumber": {
                "type": "string"
              },
              "accountName": {
                "type": "string"
              }
            },
            "additionalProperties": false
          },
          "identityVersion": {
            "type": "integer",
            "minimum": 1,
            "description": "The version of the sealed identity that was opened (the latest on file)."
          }
        },
        "additionalProperties": false
      },
      "UnsealRequestCore": {
        "type": "object",
        "required": [
          "id",
          "caseId",
          "identityCode",
          "legalBasis",
          "reason",
          "state",
          "threshold",
          "approvals",
          "requestedBy",
          "createdAt",
          "expiresAt",
          "openedAt",
          "target"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "caseId": {
            "type": "string"
          },
          "target": {
            "$ref": "#/components/schemas/UnsealTarget"
          },
          "identityCode": {
            "$ref": "#/components/schemas/IdentityCode"
          },
          "legalBasis": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "state": {
            "$ref": "#/components/schemas/UnsealRequestState"
          },
          "threshold": {
            "type": "integer",
            "minimum": 2
          },
          "approvals": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "auditorId",
                "submittedAt"
              ],
              "properties": {
                "auditorId": {
                  "type": "string"
                },
                "submittedAt": {
                  "type": "string",
                  "format": "date-time"
                }
              },
              "additionalProperties": false
            }
          },
          "requestedBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "expiresAt": {
            "type": "string",
            "format": "date-time"
          },
          "openedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "identity": {
            "description": "Present once, in the response that opens the request for its requester.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/UnsealedIdentity"
              },
              {
                "type": "null"
              }
            ]
          }
        }
      },
      "UnsealRequest": {
        "allOf": [
          {
            "$ref": "#/components/schemas/UnsealRequestCore"
          }
        ],
        "unevaluatedProperties": false
      },
      "UnsealRequestCreated": {
        "allOf": [
          {
            "$ref": "#/components/schemas/UnsealRequestCore"
          },
          {
            "type": "object",
            "required": [
              "oneTimeKey"
            ],
            "properties": {
              "oneTimeKey": {
                "type": "string",
                "description": "The requester's one-time X25519 private key (base64url), shown only here."
              }
            }
          }
        ],
        "unevaluatedProperties": false
      },
      "ShopSearchHit": {
        "type": "object",
        "description": "A shop's public listing data, as a platform shows it to diners.",
        "required": [
          "id",
          "name",
          "address",
          "districtCode",
          "platformId",
          "platformShopId"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "address": {
            "type": [
              "string",
              "null"
            ]
          },
          "districtCode": {
            "type": [
              "string",
              "null"
            ]
          },
          "platformId": {
            "type": [
              "string",
              "null"
            ]
          },
          "platformShopId": {
            "type": [
              "string",
              "null"
            ]
          }
        },
        "additionalProperties": false
      },
      "ShopListing": {
        "type": "object",
        "description": "One listing in a shop feed. Checked row by row by the server (not by the request\nschema), so one bad row never blocks the batch. Dates are `YYYY-MM-DD`.\n",
        "required": [
          "platformShopId",
          "name"
        ],
        "properties": {
          "platformShopId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128
          },
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "address": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 500
          },
          "districtCode": {
            "description": "A district of the deployment's reference data (`listDistricts`); unknown codes are refused.",
            "type": [
              "string",
              "null"
            ]
          },
          "licenceNumber": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 64
          },
          "licenceExpiry": {
            "type": [
              "string",
              "null"
            ],
            "format": "date"
          },
          "licenceIssued": {
            "type": [
              "string",
              "null"
            ],
            "format": "date"
          },
          "categories": {
            "type": "array",
            "maxItems": 20,
            "items": {
              "type": "string",
              "maxLength": 64
            }
          },
          "rating": {
            "type": [
              "number",
              "null"
            ],
            "minimum": 0,
            "maximum": 5
          },
          "complaintCount": {
            "type": "integer",
            "minimum": 0
          },
          "online": {
            "type": "boolean"
          },
          "area": {
            "type": [
              "string",
              "null"
            ],
            "maxLength": 64,
            "description": "The source's own area (postal code, ward, community area) that area-level covariates are keyed by."
          },
          "extra": {
            "type": "object",
            "description": "Any other attribute (facility type, seats, licence kinds …) for the risk model's data-declared features; strings, numbers, booleans or lists of strings.",
            "maxProperties": 32,
            "additionalProperties": {
              "anyOf": [
                {
                  "type": [
                    "string",
                    "number",
                    "boolean",
                    "null"
                  ]
                },
                {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              ]
            }
          }
        },
        "additionalProperties": false
      },
      "ShopFeedBatch": {
        "type": "object",
        "required": [
          "shops"
        ],
        "properties": {
          "shops": {
            "type": "array",
            "maxItems": 10000,
            "description": "ShopListing objects; each is checked on its own (a bad row is reported, not fatal).",
            "items": {
              "anyOf": [
                {
                  "$ref": "#/components/schemas/ShopListing"
                },
                {
                  "type": "object"
                }
              ]
            }
          }
        },
        "additionalProperties": false
      },
      "RowRejection": {
        "type": "object",
        "required": [
          "row",
          "reason"
        ],
        "properties": {
          "row": {
            "type": "integer",
            "description": "The record's number in the file or batch, 1-based, not counting a CSV header."
          },
          "field": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          }
        },
        "additionalProperties": false
      },
      "ShopFeedResult": {
        "type": "object",
        "required": [
          "received",
          "created",
          "updated",
          "unchanged",
          "rejected",
          "rejections"
        ],
        "properties": {
          "received": {
            "type": "integer"
          },
          "created": {
            "type": "integer"
          },
          "updated": {
            "type": "integer"
          },
          "unchanged": {
            "type": "integer"
          },
          "rejected": {
            "type": "integer"
          },
          "rejections": {
            "type": "array",
            "description": "The first 100 refused rows.",
            "items": {
              "$ref": "#/components/schemas/RowRejection"
            }
          }
        },
        "additionalProperties": false
      },
      "InspectionImportResult": {
        "type": "object",
        "required": [
          "importId",
          "source",
          "mapping",
          "rowsRead",
          "inserted",
          "duplicates",
          "rejected",
          "rejectedByReason",
          "rejections"
        ],
        "properties": {
          "importId": {
            "type": "string"
          },
          "source": {
            "type": "string"
          },
          "mapping": {
            "type": "string"
          },
          "rowsRead": {
            "type": "integer"
          },
          "inserted": {
            "type": "integer"
          },
          "duplicates": {
            "type": "integer",
            "description": "Records already loaded (same source and record key); skipped."
          },
          "rejected": {
            "type": "integer"
          },
          "rejectedByReason": {
            "type": "object",
            "additionalProperties": {
              "type": "integer"
            }
          },
          "rejections": {
            "type": "array",
            "description": "The first 100 refused rows.",
            "items": {
              "$ref": "#/components/schemas/RowRejection"
            }
          }
        },
        "additionalProperties": false
      },
      "CovariateImportResult": {
        "type": "object",
        "required": [
          "importId",
          "datasets",
          "rowsRead",
          "inserted",
          "duplicates",
          "rejected",
          "rejectedByReason",
          "rejections"
        ],
        "properties": {
          "importId": {
            "type": "string"
          },
          "datasets": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "rowsRead": {
            "type": "integer"
          },
          "inserted": {
            "type": "integer"
          },
          "duplicates": {
            "type": "integer"
          },
          "rejected": {
            "type": "integer"
          },
          "rejectedByReason": {
            "type": "object",
            "additionalProperties": {
              "type": "integer"
            }
          },
          "rejections": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RowRejection"
            }
          }
        },
        "additionalProperties": false
      },
      "InspectionTaskOutcome": {
        "type": "string",
        "description": "`violation_found`, `no_violation`, `shop_closed` (no longer trading), `shop_not_found`.",
        "enum": [
          "violation_found",
          "no_violation",
          "shop_closed",
          "shop_not_found"
        ]
      },
      "InspectionTaskCompletion": {
        "type": "object",
        "required": [
          "outcome"
        ],
        "properties": {
          "outcome": {
            "$ref": "#/components/schemas/InspectionTaskOutcome"
          },
          "inspectedOn": {
            "type": "string",
            "format": "date",
            "description": "The day of the inspection (default today)."
          },
          "critical": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000
          },
          "serious": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000
          },
          "minor": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000
          },
          "note": {
            "type": "string",
            "maxLength": 2000
          }
        },
        "additionalProperties": false
      },
      "InspectionTask": {
        "type": "object",
        "required": [
          "id",
          "shopId",
          "shopName",
          "address",
          "assignedUnit",
          "districtCode",
          "riskRunId",
          "modelVersion",
          "score",
          "tier",
          "priority",
          "basis",
          "explanation",
          "status",
          "createdAt",
          "completedAt",
          "outcome",
          "completion"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "shopId": {
            "type": "string"
          },
          "shopName": {
            "type": "string"
          },
          "address": {
            "type": [
              "string",
              "null"
            ]
          },
          "assignedUnit": {
            "type": "string",
            "enum": [
              "district_bureau",
              "enforcement_detachment"
            ]
          },
          "districtCode": {
            "type": [
              "string",
              "null"
            ]
          },
          "riskRunId": {
            "type": "string"
          },
          "modelVersion": {
            "type": "integer"
          },
          "score": {
            "type": "number"
          },
          "tier": {
            "$ref": "#/components/schemas/RiskTier"
          },
          "priority": {
            "type": "integer",
            "description": "Rank within the unit at the run (1 = inspect first)."
          },
          "basis": {
            "type": "string",
            "enum": [
              "risk_score"
            ],
            "description": "Why the task exists; a risk score is a reason to look, never a finding."
          },
          "explanation": {
            "type": "array",
            "description": "The score's largest contributions when the task was made.",
            "items": {
              "$ref": "#/components/schemas/RiskContribution"
            }
          },
          "status": {
            "type": "string",
            "enum": [
              "open",
              "completed"
            ]
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "completedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "outcome": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/InspectionTaskOutcome"
              },
              {
                "type": "null"
              }
            ]
          },
          "completion": {
            "oneOf": [
              {
                "type": "object",
                "required": [
                  "inspectedOn",
                  "critical",
                  "serious",
                  "minor",
                  "note",
                  "inspectionRecorded"
                ],
                "properties": {
                  "inspectedOn": {
                    "type": "string",
                    "format": "date"
                  },
                  "critical": {
                    "type": "integer"
                  },
                  "serious": {
                    "type": "integer"
                  },
                  "minor": {
                    "type": "integer"
                  },
                  "note": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "inspectionRecorded": {
                    "type": "boolean"
                  }
                },
                "additionalProperties": false
              },
              {
                "type": "null"
              }
            ]
          }
        },
        "additionalProperties": false
      },
      "RiskIndicatorId": {
        "type": "string",
        "description": "An indicator of the catalogue; see `docs/risk-index.md` for each definition.",
        "enum": [
          "critical_recent",
          "serious_recent",
          "minor_recent",
          "last_critical",
          "last_serious",
          "last_score_deficit",
          "inspection_count",
          "never_inspected",
          "days_since_inspection",
          "licence_missing",
          "licence_expired",
          "licence_age_years",
          "complaint_count",
          "tip_count",
          "confirmed_violations",
          "prior_takedowns",
          "rating_deficit",
          "offline"
        ]
      },
      "RiskTransform": {
        "type": "string",
        "enum": [
          "identity",
          "log1p",
          "sqrt",
          "binary",
          "cap"
        ]
      },
      "RiskTier": {
        "type": "string",
        "description": "A (lowest risk) to D (highest), as in SAMR's food business risk grading.",
        "enum": [
          "A",
          "B",
          "C",
          "D"
        ]
      },
      "RiskFeature": {
        "type": "object",
        "description": "A feature declared over the data (instead of a catalogue indicator); see\n`docs/risk-index.md` § \"Features from data\". `source`:\n`shop` — a shop column (`rating`, `complaintCount`, `area`, `districtCode`,\n`platformId`, `categories`, or `extra.NAME` for any column a mapping carried);\n`previous` — the latest earlier inspection's column (`score`, `critical`, `serious`,\n`minor`, `result`, or `extra.NAME`, e.g. `extra.inspector`);\n`history` — an aggregate (`count`, `sum`, `mean`, `rate` = share with a value above 0,\n`trend` = latest minus mean) of an inspection column over the trailing `windowDays`;\n`covariate` — an aggregate (`sum`, `mean`, `count`, `last`) of an imported covariate\ndata set for the shop's area (or city-wide rows, area `*`) over the trailing\n`windowDays`. `type` `category` one-hot encodes a text value, `categories` a list\n(multi-hot); both get `levels` from calibration (values seen at least `minCount` times)\nand an \"other\" level. Everything reads only records dated before the moment scored.\n",
        "required": [
          "source"
        ],
        "properties": {
          "source": {
            "type": "string",
            "enum": [
              "shop",
              "previous",
              "history",
              "covariate"
            ]
          },
          "field": {
            "type": "string",
            "maxLength": 80
          },
          "type": {
            "type": "string",
            "description": "numeric (the default), category or categories.",
            "enum": [
              "numeric",
              "category",
              "categories"
            ]
          },
          "aggregate": {
            "type": "string",
            "enum": [
              "count",
              "sum",
              "mean",
              "rate",
              "trend",
              "last"
            ]
          },
          "windowDays": {
            "type": "integer",
            "description": "The trailing window in days (default 365).",
            "minimum": 1,
            "maximum": 3650
          },
          "dataset": {
            "type": "string",
            "pattern": "^[a-z0-9-]{1,64}$"
          }
        },
        "additionalProperties": false
      },
      "RiskFeatureLevel": {
        "type": "object",
        "required": [
          "value",
          "weight"
        ],
        "properties": {
          "value": {
            "type": "string",
            "maxLength": 200,
            "description": "The level's value (\"\" is the level of a missing value)."
          },
          "weight": {
            "type": "number",
            "description": "Log-odds the level adds (before the feature's `center` is taken off)."
          }
        },
        "additionalProperties": false
      },
      "RiskModelIndicator": {
        "type": "object",
        "description": "One input of the model: a catalogue `indicator`, or a `feature` declared over the data\nwith a `name` of its own. Category features carry `levels` (and `otherWeight` for any\nother value), set by calibration.\n",
        "required": [
          "weight"
        ],
        "properties": {
          "indicator": {
            "$ref": "#/components/schemas/RiskIndicatorId"
          },
          "name": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9_]{0,63}$",
            "description": "The feature's name (a catalogue indicator is named by its id)."
          },
          "feature": {
            "$ref": "#/components/schemas/RiskFeature"
          },
          "levels": {
            "type": "array",
            "maxItems": 200,
            "items": {
              "$ref": "#/components/schemas/RiskFeatureLevel"
            }
          },
          "otherWeight": {
            "type": "number",
            "description": "Log-odds of any value that is not one of the levels."
          },
          "minCount": {
            "type": "integer",
            "minimum": 1,
            "description": "Calibration keeps a value as a level when the training data holds it at least this often (default 20)."
          },
          "weight": {
            "type": "number",
            "description": "Log-odds per unit of the standardised, transformed value (|weight| ≤ 50); for a category feature, a factor on its level weights (calibration sets 1)."
          },
          "transform": {
            "$ref": "#/components/schemas/RiskTransform"
          },
          "cap": {
            "type": "number",
            "description": "The upper bound for the `cap` transform."
          },
          "center": {
            "type": "number",
            "description": "Subtracted from the transformed value (calibration sets the training mean)."
          },
          "scale": {
            "type": "number",
            "description": "Divides the centred value (calibration sets the training standard deviation)."
          }
        },
        "additionalProperties": false
      },
      "RiskTierThresholds": {
        "type": "object",
        "description": "The lowest score (0–100) of tiers B, C and D; ascending.",
        "required": [
          "B",
          "C",
          "D"
        ],
        "properties": {
          "B": {
            "type": "number"
          },
          "C": {
            "type": "number"
          },
          "D": {
            "type": "number"
          }
        },
        "additionalProperties": false
      },
      "RiskModelFields": {
        "type": "object",
        "required": [
          "intercept",
          "halfLifeDays",
          "indicators",
          "tiers"
        ],
        "properties": {
          "name": {
            "type": "string",
            "maxLength": 200
          },
          "description": {
            "type": "string",
            "maxLength": 4000
          },
          "intercept": {
            "type": "number"
          },
          "halfLifeDays": {
            "type": "number",
            "description": "Half-life of the recency weighting of past violations, in days (1–3650)."
          },
          "indicators": {
            "type": "array",
            "minItems": 1,
            "maxItems": 64,
            "items": {
              "$ref": "#/components/schemas/RiskModelIndicator"
            }
          },
          "tiers": {
            "$ref": "#/components/schemas/RiskTierThresholds"
          },
          "leadTier": {
            "$ref": "#/components/schemas/RiskTier"
          },
          "calibration": {
            "type": "object",
            "description": "How the weights were fitted (set by calibration; informational).",
            "additionalProperties": true
          }
        }
      },
      "RiskModelInput": {
        "description": "An indicator model; see `docs/risk-index.md` for how to write one.",
        "allOf": [
          {
            "$ref": "#/components/schemas/RiskModelFields"
          }
        ],
        "unevaluatedProperties": false
      },
      "RiskModel": {
        "allOf": [
          {
            "$ref": "#/components/schemas/RiskModelFields"
          },
          {
            "type": "object",
            "required": [
              "version",
              "createdAt",
              "createdBy"
            ],
            "properties": {
              "version": {
                "type": "integer"
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "createdBy": {
                "type": "string"
              }
            }
          }
        ],
        "unevaluatedProperties": false
      },
      "RiskRunRequest": {
        "type": "object",
        "properties": {
          "asOf": {
            "type": "string",
            "format": "date",
            "description": "Score as of this day (default today); only records dated before it count."
          },
          "modelVersion": {
            "type": "integer",
            "minimum": 1
          },
          "createLeads": {
            "type": "boolean",
            "description": "Send each platform-listed shop of the lead tier to its platform as a **priority\ncheck** lead (`basis: priority_check`, `requestedAction: review`): a reason to review\nthe listing, never a confirmed violation.\n"
          },
          "createTasks": {
            "type": "boolean",
            "description": "Make inspection tasks for the shops of the model's lead tier and above, for each shop's district bureau (or the city enforcement detachment), highest score first."
          },
          "tasksPerUnit": {
            "type": "integer",
            "minimum": 1,
            "maximum": 10000,
            "description": "At most this many new tasks per unit and run (default 100), the highest scores."
          }
        },
        "additionalProperties": false
      },
      "RiskRun": {
        "type": "object",
        "required": [
          "id",
          "modelVersion",
          "asOf",
          "status",
          "startedAt",
          "finishedAt",
          "shopsScored",
          "tierCounts",
          "leads",
          "tasks",
          "durationMs"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "modelVersion": {
            "type": "integer"
          },
          "asOf": {
            "type": "string",
            "format": "date"
          },
          "status": {
            "type": "string",
            "enum": [
              "running",
              "completed",
              "failed"
            ]
          },
          "startedAt": {
            "type": "string",
            "format": "date-time"
          },
          "finishedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "shopsScored": {
            "type": "integer"
          },
          "tierCounts": {
            "type": "object",
            "required": [
              "A",
              "B",
              "C",
              "D"
            ],
            "properties": {
              "A": {
                "type": "integer"
              },
              "B": {
                "type": "integer"
              },
              "C": {
                "type": "integer"
              },
              "D": {
                "type": "integer"
              }
            },
            "additionalProperties": false
          },
          "leads": {
            "type": "object",
            "required": [
              "requested",
              "created",
              "skippedOpenLead",
              "skippedNoPlatform"
            ],
            "properties": {
              "requested": {
                "type": "boolean"
              },
              "created": {
                "type": "integer"
              },
              "skippedOpenLead": {
                "type": "integer"
              },
              "skippedNoPlatform": {
                "type": "integer"
              }
            },
            "additionalProperties": false
          },
          "tasks": {
            "type": "object",
            "description": "Inspection tasks the run made (createTasks).",
            "required": [
              "requested",
              "created",
              "skippedOpenTask",
              "byUnit"
            ],
            "properties": {
              "requested": {
                "type": "boolean"
              },
              "created": {
                "type": "integer"
              },
              "skippedOpenTask": {
                "type": "integer"
              },
              "byUnit": {
                "type": "object",
                "description": "Tasks made per district code (`detachment` for shops without a district).",
                "additionalProperties": {
                  "type": "integer"
                }
              }
            },
            "additionalProperties": false
          },
          "durationMs": {
            "type": "integer"
          }
        },
        "additionalProperties": false
      },
      "RiskContribution": {
        "type": "object",
        "required": [
          "indicator",
          "value",
          "contribution"
        ],
        "properties": {
          "indicator": {
            "type": "string",
            "description": "The catalogue indicator's id or the feature's name."
          },
          "value": {
            "type": "number",
            "description": "The indicator's raw value for this shop as of the run (for a category feature, its level code)."
          },
          "levels": {
            "type": "array",
            "description": "For a category feature, the shop's levels (`(other)` for a value that is not one of the model's levels).",
            "items": {
              "type": "string"
            }
          },
          "contribution": {
            "type": "number",
            "description": "What it adds to the log-odds, relative to the model's centre (positive raises the risk)."
          }
        },
        "additionalProperties": false
      },
      "ShopRisk": {
        "type": "object",
        "required": [
          "runId",
          "modelVersion",
          "asOf",
          "shopId",
          "shopName",
          "districtCode",
          "platformId",
          "score",
          "tier",
          "contributions"
        ],
        "properties": {
          "runId": {
            "type": "string"
          },
          "modelVersion": {
            "type": "integer"
          },
          "asOf": {
            "type": "string",
            "format": "date"
          },
          "shopId": {
            "type": "string"
          },
          "shopName": {
            "type": "string"
          },
          "districtCode": {
            "type": [
              "string",
              "null"
            ]
          },
          "platformId": {
            "type": [
              "string",
              "null"
            ]
          },
          "score": {
            "type": "number",
            "minimum": 0,
            "maximum": 100
          },
          "tier": {
            "$ref": "#/components/schemas/RiskTier"
          },
          "contributions": {
            "type": "array",
            "description": "Every indicator of the model, largest contribution first.",
            "items": {
              "$ref": "#/components/schemas/RiskContribution"
            }
          }
        },
        "additionalProperties": false
      },
      "RiskDateWindow": {
        "type": "object",
        "description": "Days from `start` (inclusive) to `end` (exclusive), `YYYY-MM-DD`.",
        "properties": {
          "start": {
            "type": "string",
            "format": "date"
          },
          "end": {
            "type": "string",
            "format": "date"
          }
        },
        "additionalProperties": false
      },
      "RiskDateWindowResult": {
        "type": "object",
        "required": [
          "start",
          "end"
        ],
        "properties": {
          "start": {
            "type": "string",
            "format": "date"
          },
          "end": {
            "type": "string",
            "format": "date",
            "description": "Exclusive."
          }
        },
        "additionalProperties": false
      },
      "RiskBacktestRequest": {
        "type": "object",
        "description": "Windows by time: `train`, `validation` and `test`, each `[start, end)`. `splitDate` is\nshort for a test window from that day to the end of the data, with the history before\nit split into training (the first three quarters) and validation (the last quarter).\nSettings not given (`l2`, `halfLifeDays`, `minCount`) are chosen on the validation\nwindow only, from `grid` (or the defaults: l2 0.1/1/10/100; half-life 90/180/365/730\ndays when the model reads recency-weighted counts; minimum category count 5/20/50 when\nit has category features), then refitted on training and validation together.\n",
        "properties": {
          "splitDate": {
            "type": "string",
            "format": "date",
            "description": "The test window starts on this day (shorthand; see above)."
          },
          "train": {
            "$ref": "#/components/schemas/RiskDateWindow"
          },
          "validation": {
            "$ref": "#/components/schemas/RiskDateWindow"
          },
          "test": {
            "$ref": "#/components/schemas/RiskDateWindow"
          },
          "modelVersion": {
            "type": "integer",
            "minimum": 1,
            "description": "The model whose indicators are calibrated (or scored as is); default the current one."
          },
          "calibrate": {
            "type": "boolean",
            "default": true,
            "description": "`false` scores the model as it is, without refitting its weights."
          },
          "target": {
            "type": "string",
            "enum": [
              "critical",
              "critical_or_serious"
            ],
            "default": "critical"
          },
          "l2": {
            "type": "number",
            "minimum": 0,
            "maximum": 100000
          },
          "halfLifeDays": {
            "type": "number",
            "minimum": 1,
            "maximum": 3650
          },
          "minCount": {
            "type": "integer",
            "minimum": 1,
            "maximum": 100000
          },
          "grid": {
            "type": "object",
            "properties": {
              "l2": {
                "type": "array",
                "minItems": 1,
                "maxItems": 10,
                "items": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 100000
                }
              },
              "halfLifeDays": {
                "type": "array",
                "minItems": 1,
                "maxItems": 8,
                "items": {
                  "type": "number",
                  "minimum": 1,
                  "maximum": 3650
                }
              },
              "minCount": {
                "type": "array",
                "minItems": 1,
                "maxItems": 8,
                "items": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 100000
                }
              }
            },
            "additionalProperties": false
          },
          "bootstrap": {
            "type": "integer",
            "minimum": 0,
            "maximum": 2000,
            "default": 200,
            "description": "Bootstrap resamples of the test inspections for the confidence intervals."
          },
          "saveModel": {
            "type": "boolean",
            "default": false,
            "description": "Store the calibrated model as the next model version."
          }
        },
        "additionalProperties": false
      },
      "RiskCurvePoint": {
        "type": "object",
        "required": [
          "x",
          "y"
        ],
        "properties": {
          "x": {
            "type": "number"
          },
          "y": {
            "type": "number"
          }
        },
        "additionalProperties": false
      },
      "RiskBacktestMetrics": {
        "type": "object",
        "required": [
          "auc",
          "aucCi",
          "hitRateTop10",
          "hitRateTop20",
          "shareFoundFirstHalf",
          "meanDaysEarlier",
          "daysEarlierCi",
          "roc",
          "lift"
        ],
        "properties": {
          "auc": {
            "type": "number"
          },
          "aucCi": {
            "type": "array",
            "description": "95% bootstrap interval of the AUC (percentile).",
            "minItems": 2,
            "maxItems": 2,
            "items": {
              "type": "number"
            }
          },
          "hitRateTop10": {
            "type": "number",
            "description": "Share of the top 10% of ranked inspections that found a violation."
          },
          "hitRateTop20": {
            "type": "number"
          },
          "shareFoundFirstHalf": {
            "type": "number",
            "description": "Share of all violations found in the first half of the ranked schedule."
          },
          "meanDaysEarlier": {
            "type": "number",
            "description": "Mean days gained for violation-finding inspections when the same daily slots are reordered by score."
          },
          "daysEarlierCi": {
            "type": "array",
            "description": "95% bootstrap interval of the mean days earlier.",
            "minItems": 2,
            "maxItems": 2,
            "items": {
              "type": "number"
            }
          },
          "roc": {
            "type": "array",
            "description": "ROC curve points, `x` the false positive rate and `y` the true positive rate, from (0, 0) to (1, 1).",
            "items": {
              "$ref": "#/components/schemas/RiskCurvePoint"
            }
          },
          "lift": {
            "type": "array",
            "description": "Cumulative gains, `x` the share of the ranked schedule inspected and `y` the share of violations found, in steps of 5%.",
            "items": {
              "$ref": "#/components/schemas/RiskCurvePoint"
            }
          }
        },
        "additionalProperties": false
      },
      "RiskWarning": {
        "type": "object",
        "description": "Something a data scientist must know about a result: `indicators_dropped` (no\nvariation in the training data, weight 0), `indicators_not_calibrated` (no history,\nkept as they were), `model_collapsed` (fewer effective indicators than declared),\n`worse_than_baseline_on_validation`, `worse_than_baseline_on_test`.\n",
        "required": [
          "code",
          "detail",
          "indicators"
        ],
        "properties": {
          "code": {
            "type": "string"
          },
          "detail": {
            "type": "string"
          },
          "indicators": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        },
        "additionalProperties": false
      },
      "RiskModelSelection": {
        "type": "object",
        "description": "The settings tried on the validation window and the one chosen.",
        "required": [
          "chosen",
          "validationAuc",
          "validationBaselineAuc",
          "candidates"
        ],
        "properties": {
          "chosen": {
            "type": "object",
            "required": [
              "l2",
              "halfLifeDays",
              "minCount"
            ],
            "properties": {
              "l2": {
                "type": "number"
              },
              "halfLifeDays": {
                "type": "number"
              },
              "minCount": {
                "type": [
                  "integer",
                  "null"
                ]
              }
            },
            "additionalProperties": false
          },
          "validationAuc": {
            "type": "number"
          },
          "validationBaselineAuc": {
            "type": "number"
          },
          "candidates": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "l2",
                "halfLifeDays",
                "minCount",
                "validationAuc"
              ],
              "properties": {
                "l2": {
                  "type": "number"
                },
                "halfLifeDays": {
                  "type": "number"
                },
                "minCount": {
                  "type": [
                    "integer",
                    "null"
                  ]
                },
                "validationAuc": {
                  "type": "number"
                }
              },
              "additionalProperties": false
            }
          }
        },
        "additionalProperties": false
      },
      "RiskBacktestWindows": {
        "type": "object",
        "required": [
          "train",
          "validation",
          "test"
        ],
        "properties": {
          "train": {
            "$ref": "#/components/schemas/RiskDateWindowResult"
          },
          "validation": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/RiskDateWindowResult"
              },
              {
                "type": "null"
              }
            ]
          },
          "test": {
            "$ref": "#/components/schemas/RiskDateWindowResult"
          }
        },
        "additionalProperties": false
      },
      "RiskBacktest": {
        "type": "object",
        "required": [
          "id",
          "createdAt",
          "splitDate",
          "target",
          "windows",
          "calibrated",
          "trainInspections",
          "testInspections",
          "testPositives",
          "testFirstInspections",
          "firstInspectionPolicy",
          "model",
          "baseline",
          "random",
          "gainOverBaseline",
          "selection",
          "warnings",
          "bootstrapResamples",
          "calibratedModel",
          "savedModelVersion"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "splitDate": {
            "type": "string",
            "format": "date",
            "description": "The first day of the test window."
          },
          "target": {
            "type": "string"
          },
          "windows": {
            "$ref": "#/components/schemas/RiskBacktestWindows"
          },
          "calibrated": {
            "type": "boolean"
          },
          "trainInspections": {
            "type": "integer",
            "description": "Inspections the final model was fitted on (training and validation windows)."
          },
          "testInspections": {
            "type": "integer",
            "description": "Every inspection of the test window, including those without an earlier record."
          },
          "testPositives": {
            "type": "integer"
          },
          "testFirstInspections": {
            "type": "integer",
            "description": "Test inspections of shops without an earlier inspection (counted, see firstInspectionPolicy)."
          },
          "firstInspectionPolicy": {
            "type": "string"
          },
          "model": {
            "$ref": "#/components/schemas/RiskBacktestMetrics"
          },
          "baseline": {
            "$ref": "#/components/schemas/RiskBacktestMetrics"
          },
          "random": {
            "$ref": "#/components/schemas/RiskBacktestMetrics"
          },
          "gainOverBaseline": {
            "type": "object",
            "description": "Model minus baseline on the same rows, with paired bootstrap intervals.",
            "required": [
              "auc",
              "aucCi",
              "daysEarlier",
              "daysEarlierCi"
            ],
            "properties": {
              "auc": {
                "type": "number"
              },
              "aucCi": {
                "type": "array",
                "items": {
                  "type": "number"
                }
              },
              "daysEarlier": {
                "type": "number"
              },
              "daysEarlierCi": {
                "type": "array",
                "items": {
                  "type": "number"
                }
              }
            },
            "additionalProperties": false
          },
          "selection": {
            "oneOf": [
              {
                "$ref": "#/components/schemas/RiskModelSelection"
              },
              {
                "type": "null"
              }
            ]
          },
          "warnings": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/RiskWarning"
            }
          },
          "bootstrapResamples": {
            "type": "integer"
          },
          "calibratedModel": {
            "$ref": "#/components/schemas/RiskModelInput"
          },
          "savedModelVersion": {
            "type": [
              "integer",
              "null"
            ]
          }
        },
        "additionalProperties": false
      },
      "RiskBacktestSummary": {
        "type": "object",
        "required": [
          "id",
          "createdAt",
          "target",
          "windows",
          "calibrated",
          "testInspections",
          "testPositives",
          "modelAuc",
          "baselineAuc",
          "modelDaysEarlier",
          "baselineDaysEarlier",
          "warnings",
          "scoresKept"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "target": {
            "type": "string"
          },
          "windows": {
            "$ref": "#/components/schemas/RiskBacktestWindows"
          },
          "calibrated": {
            "type": "boolean"
          },
          "testInspections": {
            "type": "integer"
          },
          "testPositives": {
            "type": "integer"
          },
          "modelAuc": {
            "type": "number"
          },
          "baselineAuc": {
            "type": "number"
          },
          "modelDaysEarlier": {
            "type": "number"
          },
          "baselineDaysEarlier": {
            "type": "number"
          },
          "warnings": {
            "type": "array",
            "description": "The codes of the result's warnings.",
            "items": {
              "type": "string"
            }
          },
          "scoresKept": {
            "type": "boolean",
            "description": "Whether the per-inspection scores can still be exported (the newest 20 backtests keep them)."
          }
        },
        "additionalProperties": false
      }
    }
  }
};

export const openapiYaml: string = "openapi: 3.1.0\ninfo:\n  title: ezhili — online food delivery co-governance API\n  version: 0.1.0\n  summary: One channel for regulators, delivery platforms and food-service workers.\n  description: |\n    The contract of the ezhili reference regulator server and of `@ezhili/sdk`.\n\n    * Staff (regulator officials) authenticate with a short-lived bearer JWT from\n      `createStaffSession`, or with a token from the deployment's OIDC provider.\n    * Reporters (food-service workers) authenticate with a reporter session token, or\n      follow a tip anonymously with its identity code and receipt secret.\n    * Delivery platforms sign every request with a detached JWS (RFC 7797) in the\n      `Ezhili-Signature` header; see `docs/platform-integration.md`.\n\n    Every error is an RFC 9457 problem document (`application/problem+json`).\n    Every `POST` accepts an `Idempotency-Key` header: a retry with the same key and the\n    same body returns the stored response and creates nothing new; the same key with a\n    different body is refused with `409` (multipart uploads match on the key alone; see the\n    parameter).\n\n    Every response header is declared on its operation and status, except those that say\n    nothing about the operation: HTTP framing (`Content-Type`, `Content-Length`,\n    `Content-Encoding`, `Date`, `Connection`, `Keep-Alive`, `Transfer-Encoding`, `Vary`),\n    CORS (`Access-Control-Allow-Origin`, `-Allow-Credentials`, `-Expose-Headers`), the\n    security headers on every answer (`Strict-Transport-Security`, `X-Content-Type-Options`,\n    `X-Frame-Options`, `Referrer-Policy`, `Origin-Agent-Cluster`, `X-DNS-Prefetch-Control`,\n    `X-Download-Options`, `X-Permitted-Cross-Domain-Policies`, `X-XSS-Protection`), and the\n    console session's `Ezhili-Session-Expires-In` (see the `consoleSession` scheme). With\n    response validation on (tests, development) the server answers `500 contract_violation`\n    rather than send an undeclared header.\n  license:\n    name: Apache-2.0\n    identifier: Apache-2.0\n  contact:\n    name: ezhili maintainers\n    url: https://ezhili.example/docs\nservers:\n  - url: http://localhost:8787\n    description: Local demo server (`npm start`)\nsecurity: []\ntags:\n  - name: system\n    description: Health, keys and the contract itself.\n  - name: staff\n    description: Regulator staff sessions and roles.\n  - name: reference\n    description: Reference data (districts).\n  - name: partners\n    description: |\n      Partner and employer apps that embed the whistleblow widget, with the origins allowed\n      to frame it (`frame-ancestors`). See `docs/widget.md`.\n  - name: tips\n    description: |\n      Whistleblower tips: submission (JSON or multipart with evidence), the identity code,\n      the receipt secret and the signed receipt; the reporter's view of the case and messages.\n  - name: reporters\n    description: |\n      Reporter accounts: registration with the identity sealed at once, login, and\n      self-service on one's own details. See `docs/whistleblower-protection.md`.\n  - name: cases\n    description: |\n      Case handling by regulator staff: intake triage, routing to a district bureau or the\n      city enforcement detachment, investigation, closure, notes and messages. Staff see the\n      identity code only, never the reporter.\n  - name: audit\n    description: The append-only, hash-chained audit log.\n  - name: metrics\n    description: Aggregate figures without personal data.\n  - name: platforms\n    description: Delivery platforms, their keys and webhook endpoints.\n  - name: leads\n    description: Violation leads between the regulator and platforms (signed both ways).\n  - name: relisting\n    description: Relisting requests for shops taken down after a violation.\n  - name: scorecards\n    description: Platform scorecards and yellow/red cards.\n  - name: rewards\n    description: |\n      Rewards for confirmed reports, paid without the reporter appearing: rules as data,\n      claim, proposal, determination, payout approval. See `docs/rewards.md`.\n  - name: unseal\n    description: |\n      Opening a reporter's sealed identity for an audit: k of n auditors' key shares, a legal\n      basis, a one-time result, and a notice to the reporter. See `docs/audit-unseal.md`.\n  - name: shops\n    description: |\n      The shop registry: platforms push their listings (signed feeds); anyone can search\n      known shops by name (the whistleblow widget's picker). See `docs/risk-index.md`.\n  - name: inspection-tasks\n    description: |\n      Shops the risk index points officials at: a prioritised list per district bureau (or the\n      city enforcement detachment), each with the explanation of its score, completed with the\n      inspection's outcome. See `docs/risk-index.md` § \"Inspection tasks\".\n  - name: risk\n    description: |\n      The risk index: inspection records in, an indicator model as data, scoring runs with\n      per-indicator contributions, calibration and backtests. See `docs/risk-index.md`.\npaths:\n  /healthz:\n    get:\n      operationId: getHealth\n      tags: [system]\n      summary: Liveness and database reachability\n      description: >-\n        Answers 200 while the process runs and its database answers; 503 when the database cannot be\n        reached, so a load balancer stops sending traffic. Public, and says nothing about the data.\n      security: []\n      responses:\n        \"200\":\n          description: The server is up and its database answers.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Health\"\n              example:\n                status: \"ok\"\n                database: \"ok\"\n                version: \"0.1.0\"\n                time: \"2026-01-05T08:00:00.000Z\"\n        \"503\":\n          description: The server is up but its database does not answer.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Health\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /openapi.json:\n    get:\n      operationId: getContract\n      tags: [system]\n      summary: This contract, as JSON\n      description: |\n        The OpenAPI 3.1 document the server runs on (the same as `openapi/openapi.yaml` of its\n        version): generate a client from it, or read `x-roles` to see who may call what. Public.\n        `/openapi.yaml` serves the same document as YAML (`getContractYaml`); `/docs` renders it.\n      security: []\n      responses:\n        \"200\":\n          description: The OpenAPI document.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/OpenApiDocument\"\n              example:\n                openapi: \"3.1.0\"\n                info:\n                  title: \"ezhili — online food delivery co-governance API\"\n                  version: \"0.1.0\"\n                paths: {}\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /openapi.yaml:\n    get:\n      operationId: getContractYaml\n      tags: [system]\n      summary: This contract, as YAML\n      description: The same document as `/openapi.json` (`getContract`), as the YAML source it was generated from. Public.\n      security: []\n      responses:\n        \"200\":\n          description: The OpenAPI document as YAML.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/yaml:\n              schema:\n                type: string\n              example: |\n                openapi: 3.1.0\n                info:\n                  title: ezhili — online food delivery co-governance API\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /.well-known/jwks.json:\n    get:\n      operationId: getJwks\n      tags: [system]\n      summary: The regulator's public signing keys\n      description: |\n        Ed25519 public keys (JWK, `OKP`/`Ed25519`) that sign webhooks, receipts and\n        decisions. Several keys may be listed during a rotation; pick by `kid`.\n      security: []\n      responses:\n        \"200\":\n          description: The JSON Web Key Set.\n          headers:\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Jwks\"\n              example:\n                keys:\n                  - kty: \"OKP\"\n                    kid: \"key_2026_01\"\n                    crv: \"Ed25519\"\n                    x: \"s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc\"\n                    alg: \"EdDSA\"\n                    use: \"sig\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /districts:\n    get:\n      operationId: listDistricts\n      tags: [reference]\n      summary: The districts this deployment serves\n      description: County-level divisions with their GB/T 2260 codes; tips and shops name one of them.\n      security: []\n      responses:\n        \"200\":\n          description: All districts.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items]\n                properties:\n                  items:\n                    type: array\n                    items:\n                      $ref: \"#/components/schemas/District\"\n                additionalProperties: false\n              example:\n                items:\n                  - code: \"350102\"\n                    nameZh: \"鼓楼区\"\n                    nameEn: \"Gulou District\"\n                    cityCode: \"350102\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /staff/sessions:\n    post:\n      operationId: createStaffSession\n      tags: [staff]\n      summary: Log in as staff\n      description: |\n        Exchanges an email and password for a short-lived bearer token. A wrong email\n        and a wrong password get the same answer. Attempts are rate-limited per account\n        and per client address.\n      security: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/StaffLogin\"\n            example:\n              email: \"intake@demo.local\"\n              password: \"demo\"\n      responses:\n        \"201\":\n          description: A session token.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/StaffSession\"\n              example:\n                token: \"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGZfMDEifQ.c2lnbmF0dXJl\"\n                tokenType: \"Bearer\"\n                expiresAt: \"2026-01-05T08:00:00.000Z\"\n                staff:\n                  id: \"stf_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  email: \"intake@demo.local\"\n                  displayName: \"Intake Officer\"\n                  roles:\n                    - \"intake\"\n                  districtCode: \"350102\"\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"429\":\n          $ref: \"#/components/responses/TooManyRequests\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /staff/console-sessions:\n    post:\n      operationId: createConsoleSession\n      tags: [staff]\n      summary: Sign in to the console (cookie session)\n      description: |\n        Exchanges a staff email and password for a console session held in a cookie\n        (`ezhili_console`: `HttpOnly`, `SameSite=Strict`, `Path=/console/api`, `Secure` behind\n        TLS), so page scripts never see the token. The console reaches the API under\n        `/console/api` (the same operations with that prefix); the cookie is sent there only.\n        The answer carries the CSRF token that every cookie-authenticated unsafe request must\n        echo in `X-Ezhili-CSRF` (and such requests must come from the server's own origin).\n        A request from another origin is refused (`403 origin_not_allowed`). The session\n        ends after `idleTimeoutSeconds` without a request and at `expiresAt` in any case.\n        A wrong email and a wrong password get the same answer; attempts are rate-limited\n        as for `createStaffSession`. Roles: any staff role (the credentials decide).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/StaffLogin\"\n            examples:\n              intake:\n                value:\n                  email: intake@demo.local\n                  password: demo\n      responses:\n        \"201\":\n          description: The session; its token is only in the `Set-Cookie` header.\n          headers:\n            Set-Cookie:\n              description: \"`ezhili_console=<token>; Path=/console/api; HttpOnly; SameSite=Strict; Max-Age=<absolute lifetime>` (`; Secure` behind TLS).\"\n              schema:\n                type: string\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ConsoleSession\"\n              examples:\n                signedIn:\n                  value:\n                    staff:\n                      id: stf_01JQ7Z1A2B3C4D5E6F7G8H9J0K\n                      email: intake@demo.local\n                      displayName: Intake officer (demo)\n                      roles: [intake]\n                      districtCode: null\n                    csrfToken: 3q2-7wXk9hV1mZb0N4cR8sT6uY2eL5aP\n                    source: local\n                    idleTimeoutSeconds: 900\n                    idleExpiresAt: \"2026-03-02T09:15:00.000Z\"\n                    expiresAt: \"2026-03-02T17:00:00.000Z\"\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"401\":\n          description: The email or password is wrong.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                wrongPassword:\n                  value:\n                    type: https://ezhili.org/problems/invalid_credentials\n                    title: Unauthorized\n                    status: 401\n                    code: invalid_credentials\n                    detail: The email or password is wrong.\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"429\":\n          $ref: \"#/components/responses/TooManyRequests\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /staff/console-sessions/current:\n    get:\n      operationId: getConsoleSession\n      tags: [staff]\n      summary: The current console session, its CSRF token and time left\n      description: |\n        For the console after a page load: who is signed in, the CSRF token to send in\n        `X-Ezhili-CSRF`, and when the session expires. Like every cookie-authenticated request\n        it counts as activity (the idle clock restarts); every such response also carries\n        `Ezhili-Session-Expires-In` (seconds until idle expiry, capped by the absolute\n        expiry), which the console reads to warn before it signs the user out.\n        Sent with `Cache-Control: no-store`. Roles: any staff role.\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - consoleSession: []\n      responses:\n        \"200\":\n          description: The session.\n          headers:\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            Ezhili-Session-Expires-In:\n              $ref: \"#/components/headers/SessionExpiresIn\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ConsoleSession\"\n              examples:\n                signedIn:\n                  value:\n                    staff:\n                      id: stf_01JQ7Z1A2B3C4D5E6F7G8H9J0K\n                      email: intake@demo.local\n                      displayName: Intake officer (demo)\n                      roles: [intake]\n                      districtCode: null\n                    csrfToken: 3q2-7wXk9hV1mZb0N4cR8sT6uY2eL5aP\n                    source: local\n                    idleTimeoutSeconds: 900\n                    idleExpiresAt: \"2026-03-02T09:15:00.000Z\"\n                    expiresAt: \"2026-03-02T17:00:00.000Z\"\n        \"401\":\n          description: No session, or it expired (idle or absolute) or was ended.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                expired:\n                  value:\n                    type: https://ezhili.org/problems/session_expired\n                    title: Unauthorized\n                    status: 401\n                    code: session_expired\n                    detail: The console session has expired; sign in again.\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n    delete:\n      operationId: deleteConsoleSession\n      tags: [staff]\n      summary: Sign out of the console\n      description: |\n        Ends the session on the server (the cookie stops working everywhere it was copied)\n        and clears the cookie. Needs the CSRF header like every unsafe cookie request.\n        Roles: any staff role.\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - consoleSession: []\n      responses:\n        \"204\":\n          description: The session has ended; the cookie is cleared.\n          headers:\n            Set-Cookie:\n              description: \"`ezhili_console=; Path=/console/api; HttpOnly; SameSite=Strict; Max-Age=0`.\"\n              schema:\n                type: string\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          description: The CSRF header is missing or wrong, or the request came from another origin.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                csrf:\n                  value:\n                    type: https://ezhili.org/problems/csrf_failed\n                    title: Forbidden\n                    status: 403\n                    code: csrf_failed\n                    detail: Send the session's CSRF token in X-Ezhili-CSRF.\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /staff/console-sessions/oidc:\n    get:\n      operationId: startConsoleOidcSignIn\n      tags: [staff]\n      summary: Sign in to the console through the identity provider (OIDC)\n      description: |\n        A browser navigation, not an API call: redirects to the deployment's OpenID Connect\n        provider (authorization code flow with PKCE `S256`, `state` and `nonce`), keeping\n        the flow's secrets in a short-lived encrypted `HttpOnly` cookie. `404\n        oidc_not_configured` when the deployment has no provider (`OIDC_ISSUER` and\n        `OIDC_CLIENT_ID`). Roles: any staff role (the provider's claims decide).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security: []\n      responses:\n        \"303\":\n          description: To the provider's authorization endpoint.\n          headers:\n            Location:\n              $ref: \"#/components/headers/Location\"\n            Set-Cookie:\n              description: \"The flow's sealed state (`ezhili_oidc_flow`, `HttpOnly`, `SameSite=Lax`, a few minutes), read back by `completeConsoleOidcSignIn`.\"\n              schema:\n                type: string\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n        \"404\":\n          description: No identity provider is configured.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                notConfigured:\n                  value:\n                    type: https://ezhili.org/problems/oidc_not_configured\n                    title: Not Found\n                    status: 404\n                    code: oidc_not_configured\n                    detail: This deployment has no identity provider for the console.\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /staff/console-sessions/oidc/callback:\n    get:\n      operationId: completeConsoleOidcSignIn\n      tags: [staff]\n      summary: The identity provider's redirect back (OIDC callback)\n      description: |\n        Checks `state` against the flow cookie, redeems the code with the PKCE verifier at the\n        provider's token endpoint, verifies the ID token (issuer, audience = client id, nonce,\n        signature through the provider's JWKS), and opens a console session from its claims\n        (roles from `OIDC_ROLES_CLAIM`, district from `OIDC_DISTRICT_CLAIM`); then redirects\n        to `/console/`. A provider error, a wrong state or a token that fails a check is\n        refused (`401 oidc_failed`) and opens nothing. Roles: any staff role.\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security: []\n      parameters:\n        - name: code\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 2048\n        - name: state\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 256\n        - name: error\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 256\n        - name: error_description\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 1024\n        - name: iss\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 1024\n      responses:\n        \"303\":\n          description: Signed in; to the console.\n          headers:\n            Location:\n              $ref: \"#/components/headers/Location\"\n            Set-Cookie:\n              description: The console session cookie (as for `createConsoleSession`).\n              schema:\n                type: string\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n        \"401\":\n          description: The sign-in failed a check.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                wrongState:\n                  value:\n                    type: https://ezhili.org/problems/oidc_failed\n                    title: Unauthorized\n                    status: 401\n                    code: oidc_failed\n                    detail: The sign-in could not be completed (state does not match); start again.\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /staff/me:\n    get:\n      operationId: getCurrentStaff\n      tags: [staff]\n      summary: Who am I\n      description: >-\n        The staff member the bearer token belongs to: id, name, roles and (for a district handler)\n        district. The console calls it after sign-in to decide what to show. Roles: any staff member\n        (`intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`,\n        `auditor`, `admin`).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n      responses:\n        \"200\":\n          description: The authenticated staff member and their roles.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/StaffMember\"\n              example:\n                id: \"stf_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                email: \"intake@demo.local\"\n                displayName: \"Intake Officer\"\n                roles:\n                  - \"intake\"\n                districtCode: \"350102\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /partners:\n    get:\n      operationId: listPartners\n      tags: [partners]\n      summary: List the partner apps allowed to embed the widget\n      description: >-\n        Every partner app registered to embed the whistleblow widget, with the origins it may embed\n        from. Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      responses:\n        \"200\":\n          description: Every registered partner.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items]\n                properties:\n                  items:\n                    type: array\n                    items:\n                      $ref: \"#/components/schemas/Partner\"\n                additionalProperties: false\n              example:\n                items:\n                  - id: \"employer-app\"\n                    name: \"闽江面馆 Minjiang Noodle House\"\n                    allowedOrigins:\n                      - \"https://app.example-employer.cn\"\n                    enabled: false\n                    createdAt: \"2026-01-05T08:00:00.000Z\"\n                    updatedAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n    post:\n      operationId: registerPartner\n      tags: [partners]\n      summary: Register a partner app and the origins allowed to embed the widget\n      description: |\n        Admins only. The widget's embed pages (`/embed/tip?partner=<id>`) send\n        `Content-Security-Policy: frame-ancestors` with exactly these origins, so only the\n        partner's own pages can frame the form. `http` origins are accepted for `localhost`\n        and `127.0.0.1` only; a port of `*` matches any port.\n        Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/PartnerRegistration\"\n            example:\n              id: \"employer-app\"\n              name: \"闽江面馆 Minjiang Noodle House\"\n              allowedOrigins:\n                - \"https://app.example-employer.cn\"\n      responses:\n        \"201\":\n          description: The partner was registered.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Partner\"\n              example:\n                id: \"employer-app\"\n                name: \"闽江面馆 Minjiang Noodle House\"\n                allowedOrigins:\n                  - \"https://app.example-employer.cn\"\n                enabled: false\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                updatedAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /partners/referrals:\n    get:\n      operationId: getReferralCounts\n      tags: [partners]\n      summary: Tips per partner and entry point (splash, banner, in-app), small counts withheld\n      description: |\n        How many tips each partner's entry points brought in, counted only as monthly totals\n        (a tip itself records neither), for complete calendar months from `from` to `to`\n        (`YYYY-MM`; default every complete month). The current month is never shown, so a new\n        tip cannot be matched to a counter that just moved; a count from 1 to\n        `minimumCount - 1` (`TRANSPARENCY_MIN_COUNT`) is null. Roles: `admin`, `auditor`.\n      x-roles: [admin, auditor]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: from\n          in: query\n          required: false\n          schema:\n            type: string\n            pattern: \"^[0-9]{4}-[0-9]{2}$\"\n        - name: to\n          in: query\n          required: false\n          schema:\n            type: string\n            pattern: \"^[0-9]{4}-[0-9]{2}$\"\n      responses:\n        \"200\":\n          description: The counts.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ReferralCounts\"\n              examples:\n                counts:\n                  value:\n                    from: \"2026-01\"\n                    to: \"2026-02\"\n                    minimumCount: 5\n                    items:\n                      - partnerId: demo-delivery\n                        entryPoint: splash\n                        tips: 17\n                      - partnerId: demo-delivery\n                        entryPoint: banner\n                        tips: null\n        \"400\":\n          description: A reversed period.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                reversed:\n                  value:\n                    type: https://ezhili.org/problems/invalid_period\n                    title: Bad Request\n                    status: 400\n                    code: invalid_period\n                    detail: \"`from` must not be after `to`.\"\n        \"401\":\n          $ref: \"#/components/responses/Problem\"\n        \"403\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/Problem\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /partners/{partnerId}/entry-points:\n    parameters:\n      - $ref: \"#/components/parameters/PartnerId\"\n    get:\n      operationId: getPartnerEntryPoints\n      tags: [partners]\n      summary: Deep links and QR codes (SVG) for a partner's splash screen, banner and in-app entry\n      description: |\n        One link per entry point to the report form on this server (`/embed/tip?partner=…&entry=…`),\n        and the same link as a QR code in SVG, for the partner to print or show. Tips that arrive\n        through a link are counted per partner and entry point in monthly totals only\n        (`getReferralCounts`). Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      responses:\n        \"200\":\n          description: The links.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/PartnerEntryPoints\"\n              examples:\n                links:\n                  value:\n                    partnerId: demo-delivery\n                    items:\n                      - entryPoint: splash\n                        url: https://report.example.gov.cn/embed/tip?partner=demo-delivery&entry=splash\n                        qrSvg: <svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 37 37\"><path d=\"M4 4h7v7H4z\"/></svg>\n        \"401\":\n          $ref: \"#/components/responses/Problem\"\n        \"403\":\n          $ref: \"#/components/responses/Problem\"\n        \"404\":\n          description: No such partner.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                unknown:\n                  value:\n                    type: https://ezhili.org/problems/partner_not_found\n                    title: Not Found\n                    status: 404\n                    code: partner_not_found\n                    detail: No such partner.\n        \"4XX\":\n          $ref: \"#/components/responses/Problem\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /partners/{partnerId}:\n    parameters:\n      - $ref: \"#/components/parameters/PartnerId\"\n    patch:\n      operationId: updatePartner\n      tags: [partners]\n      summary: Change a partner's name or allowed origins, or disable it\n      description: >-\n        A disabled partner's embed pages refuse to load (`frame-ancestors 'none'`). Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/PartnerUpdate\"\n            example:\n              name: \"闽江面馆 Minjiang Noodle House\"\n              allowedOrigins:\n                - \"https://app.example-employer.cn\"\n              enabled: false\n      responses:\n        \"200\":\n          description: The partner as updated.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Partner\"\n              example:\n                id: \"employer-app\"\n                name: \"闽江面馆 Minjiang Noodle House\"\n                allowedOrigins:\n                  - \"https://app.example-employer.cn\"\n                enabled: false\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                updatedAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /reporter/accounts:\n    post:\n      operationId: registerReporter\n      tags: [reporters]\n      summary: Register a reporter account (identity sealed at once)\n      description: |\n        Takes the real name, resident ID number (GB 11643, check character verified), mainland\n        mobile number, bank account and a passphrase. The identity is encrypted the moment it\n        arrives into a payout envelope (opened only by the payout module) and an audit\n        envelope sealed to the audit public key; no column holds it in the clear. Returns a\n        first session. Registering a phone number that already has an account does not say\n        so (registration cannot reveal whether someone is a reporter); log in with the\n        phone and passphrase afterwards. Registrations are rate-limited per client address.\n        See `docs/whistleblower-protection.md`.\n      security: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/ReporterRegistration\"\n            example:\n              realName: \"张三 (example)\"\n              residentId: \"35010219900101123X\"\n              phone: \"13800000000\"\n              bankAccount:\n                bankName: \"Bank of Fuzhou\"\n                accountNumber: \"6222020000000000000\"\n                accountName: \"张三 (example)\"\n              passphrase: \"correct horse battery staple\"\n      responses:\n        \"201\":\n          description: The account exists; a session for it.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ReporterSession\"\n              example:\n                token: \"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGZfMDEifQ.c2lnbmF0dXJl\"\n                tokenType: \"Bearer\"\n                expiresAt: \"2026-01-05T08:00:00.000Z\"\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"429\":\n          $ref: \"#/components/responses/TooManyRequests\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /reporter/sessions:\n    post:\n      operationId: createReporterSession\n      tags: [reporters]\n      summary: Log in as a reporter\n      description: |\n        Exchanges a phone number and passphrase for an opaque bearer token (use it with the\n        `reporterSession` scheme). A wrong phone number and a wrong passphrase get the same\n        answer; attempts are rate-limited per phone number and per client address.\n      security: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/ReporterLogin\"\n            example:\n              phone: \"13800000000\"\n              passphrase: \"correct horse battery staple\"\n      responses:\n        \"201\":\n          description: A session token.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ReporterSession\"\n              example:\n                token: \"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdGZfMDEifQ.c2lnbmF0dXJl\"\n                tokenType: \"Bearer\"\n                expiresAt: \"2026-01-05T08:00:00.000Z\"\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"429\":\n          $ref: \"#/components/responses/TooManyRequests\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /reporter/sessions/current:\n    delete:\n      operationId: deleteReporterSession\n      tags: [reporters]\n      summary: Log out (end this reporter session)\n      description: >-\n        Ends the reporter session whose token is sent: the token stops working at once. The account,\n        its tips and its other sessions are untouched.\n      security:\n        - reporterSession: []\n      responses:\n        \"204\":\n          description: The session has ended.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /reporter/profile:\n    get:\n      operationId: getReporterProfile\n      tags: [reporters]\n      summary: The reporter's own registered details\n      description: |\n        Decrypted for the logged-in reporter alone (never for staff); each view is recorded\n        in the audit log without the details. Sent with `Cache-Control: no-store`.\n      security:\n        - reporterSession: []\n      responses:\n        \"200\":\n          description: The reporter's details.\n          headers:\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ReporterProfile\"\n              example:\n                realName: \"张三 (example)\"\n                residentId: \"reside_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                phone: \"13800000000\"\n                bankAccount:\n                  bankName: \"Bank of Fuzhou\"\n                  accountNumber: \"6222020000000000000\"\n                  accountName: \"张三 (example)\"\n                registeredAt: \"2026-01-05T08:00:00.000Z\"\n                updatedAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n    patch:\n      operationId: updateReporterProfile\n      tags: [reporters]\n      summary: Change one's own details or passphrase\n      description: |\n        Every change needs the current passphrase, so a stolen session alone cannot redirect\n        a reward to another bank account. The identity is sealed again as a new version\n        (earlier audit envelopes are kept); a new passphrase ends the account's other\n        sessions. Wrong passphrases count towards the login rate limit.\n      security:\n        - reporterSession: []\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/ReporterProfileUpdate\"\n            example:\n              currentPassphrase: \"correct horse battery staple\"\n              realName: \"张三 (example)\"\n              residentId: \"35010219900101123X\"\n              phone: \"13800000000\"\n              bankAccount:\n                bankName: \"Bank of Fuzhou\"\n                accountNumber: \"6222020000000000000\"\n                accountName: \"张三 (example)\"\n              newPassphrase: \"tr0ub4dor and three more words\"\n      responses:\n        \"200\":\n          description: The details as now registered.\n          headers:\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ReporterProfile\"\n              example:\n                realName: \"张三 (example)\"\n                residentId: \"reside_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                phone: \"13800000000\"\n                bankAccount:\n                  bankName: \"Bank of Fuzhou\"\n                  accountNumber: \"6222020000000000000\"\n                  accountName: \"张三 (example)\"\n                registeredAt: \"2026-01-05T08:00:00.000Z\"\n                updatedAt: \"2026-01-05T08:00:00.000Z\"\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"429\":\n          $ref: \"#/components/responses/TooManyRequests\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /tips:\n    post:\n      operationId: submitTip\n      tags: [tips]\n      summary: Submit a tip, optionally with evidence files\n      description: |\n        Anonymous, or with a reporter session (the tip is then linked to the account; staff\n        never see the link). Send `application/json` (no evidence), or\n        `multipart/form-data` with a `tip` part holding the same JSON and up to N `evidence`\n        file parts (photos, videos). Evidence is streamed: its type is sniffed from the bytes,\n        metadata is stripped, and it is hashed and encrypted at rest. A failed submission\n        stores nothing. For multipart bodies the `Idempotency-Key` matches on the key alone.\n\n        The response carries the identity code, the receipt secret (shown only this once)\n        and a regulator-signed receipt (compact JWS, EdDSA) verifiable with\n        `/.well-known/jwks.json`.\n      security:\n        - {}\n        - reporterSession: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/TipSubmission\"\n            example:\n              description: \"Raw meat stored next to cooked food in the kitchen.\"\n              shop:\n                platformId: \"plt_demo\"\n                platformShopId: \"ps-1001\"\n                name: \"闽江面馆 Minjiang Noodle House\"\n                address: \"12 Wuyi Road, Gulou District, Fuzhou\"\n              districtCode: \"350102\"\n              category: \"unhygienic_kitchen\"\n              observedAt: \"2026-01-05T08:00:00.000Z\"\n              insider: false\n          multipart/form-data:\n            schema:\n              $ref: \"#/components/schemas/TipSubmissionMultipart\"\n            encoding:\n              tip:\n                contentType: application/json\n              evidence:\n                contentType: image/*, video/*\n      responses:\n        \"201\":\n          description: The tip was received and a case opened.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/TipReceipt\"\n              example:\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                receiptSecret: \"r7Q2v9Zk3mW8xT1cB4nF6hJ0pL5sD2aG\"\n                receipt: \"example receipt\"\n                submittedAt: \"2026-01-05T08:00:00.000Z\"\n                evidence:\n                  - id: \"evd_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    contentType: \"image/jpeg\"\n                    size: 0\n                    sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                deadlines:\n                  acknowledgeBy: \"2026-01-05T08:00:00.000Z\"\n                  feedbackBy: \"2026-01-05T08:00:00.000Z\"\n                  acknowledgedAt: \"2026-01-05T08:00:00.000Z\"\n                  feedbackGivenAt: \"2026-01-05T08:00:00.000Z\"\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"413\":\n          $ref: \"#/components/responses/Problem\"\n        \"415\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /tip:\n    get:\n      operationId: getTip\n      tags: [tips]\n      summary: The reporter's view of their tip\n      description: |\n        By identity code plus receipt secret, or by identity code plus the reporter session\n        that submitted the tip. An unknown code and a wrong secret get the same `404`;\n        repeated failures are rate-limited (`429`).\n      security:\n        - {}\n        - reporterSession: []\n      parameters:\n        - $ref: \"#/components/parameters/IdentityCodeHeader\"\n        - $ref: \"#/components/parameters/ReceiptSecretHeader\"\n      responses:\n        \"200\":\n          description: Status, deadlines, messages, reward state and identity-access notices.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/TipView\"\n              example:\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                status: \"received\"\n                outcome: \"violation_confirmed\"\n                submittedAt: \"2026-01-05T08:00:00.000Z\"\n                category: \"unhygienic_kitchen\"\n                districtCode: \"350102\"\n                deadlines:\n                  acknowledgeBy: \"2026-01-05T08:00:00.000Z\"\n                  feedbackBy: \"2026-01-05T08:00:00.000Z\"\n                  acknowledgedAt: \"2026-01-05T08:00:00.000Z\"\n                  feedbackGivenAt: \"2026-01-05T08:00:00.000Z\"\n                messages:\n                  - id: \"msg_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    from: \"reporter\"\n                    body: \"Raw meat stored next to cooked food in the kitchen.\"\n                    sentAt: \"2026-01-05T08:00:00.000Z\"\n                    attachments:\n                      - kind: \"photo\"\n                        size: 0\n                reward:\n                  status: \"claimable\"\n                  claimDeadline: \"2026-01-05T08:00:00.000Z\"\n                  claimedAt: \"2026-01-05T08:00:00.000Z\"\n                  level: 1\n                  amountFen: 1\n                  payoutFailureReason: \"Review complete; licence verified.\"\n                  actionRequired: \"attach_account\"\n                  paidAt: \"2026-01-05T08:00:00.000Z\"\n                identityAccessNotices:\n                  - accessedAt: \"2026-01-05T08:00:00.000Z\"\n                    legalBasis: \"Food Safety Law of the PRC, Article 34\"\n                    reason: \"Review complete; licence verified.\"\n                    approvals: 1\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"429\":\n          $ref: \"#/components/responses/TooManyRequests\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /tip/messages:\n    get:\n      operationId: listTipMessages\n      tags: [tips]\n      summary: Messages between the reporter and the handler\n      description: >-\n        The conversation between the reporter and the handler of their case, oldest first, for the\n        reporter who proves the tip is theirs (identity code plus receipt secret, or the reporter\n        session that owns the tip). Staff are shown by role, never by name.\n      security:\n        - {}\n        - reporterSession: []\n      parameters:\n        - $ref: \"#/components/parameters/IdentityCodeHeader\"\n        - $ref: \"#/components/parameters/ReceiptSecretHeader\"\n      responses:\n        \"200\":\n          description: The messages, oldest first. Internal notes are never included.\n          headers:\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/MessageList\"\n              example:\n                items:\n                  - id: \"msg_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    from: \"reporter\"\n                    body: \"Raw meat stored next to cooked food in the kitchen.\"\n                    sentAt: \"2026-01-05T08:00:00.000Z\"\n                    attachments:\n                      - kind: \"photo\"\n                        size: 0\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"429\":\n          $ref: \"#/components/responses/TooManyRequests\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n    post:\n      operationId: postTipMessage\n      tags: [tips]\n      summary: Send a message to the handler of the tip's case, optionally with files\n      description: |\n        Send `application/json` (text only), or `multipart/form-data` with a `message` part\n        holding the same JSON and up to N `evidence` file parts (photos, videos), like\n        `submitTip`. Each file becomes an evidence file of the case (type sniffed from the\n        bytes, metadata stripped, hashed, encrypted at rest, original sealed for the\n        auditors); the handler downloads it with `getEvidenceFile`. A failed reply stores\n        nothing. A JSON retry must repeat the body (a different body with the same\n        `Idempotency-Key` is a `409`); a multipart retry matches on the key alone, because a\n        streamed body is not hashed.\n      security:\n        - {}\n        - reporterSession: []\n      parameters:\n        - $ref: \"#/components/parameters/IdentityCodeHeader\"\n        - $ref: \"#/components/parameters/ReceiptSecretHeader\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/NewMessage\"\n            example:\n              body: \"Raw meat stored next to cooked food in the kitchen.\"\n          multipart/form-data:\n            schema:\n              $ref: \"#/components/schemas/NewMessageMultipart\"\n            encoding:\n              message:\n                contentType: application/json\n              evidence:\n                contentType: image/*, video/*\n      responses:\n        \"201\":\n          description: The message was stored.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Message\"\n              example:\n                id: \"msg_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                from: \"reporter\"\n                body: \"Raw meat stored next to cooked food in the kitchen.\"\n                sentAt: \"2026-01-05T08:00:00.000Z\"\n                attachments:\n                  - kind: \"photo\"\n                    size: 0\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"413\":\n          $ref: \"#/components/responses/Problem\"\n        \"415\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"429\":\n          $ref: \"#/components/responses/TooManyRequests\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /cases:\n    get:\n      operationId: listCases\n      tags: [cases]\n      summary: Cases of the caller's unit\n      description: |\n        `intake` sees the intake queue (received, not yet triaged); a `district_handler` the\n        cases routed to their district bureau; a `detachment_handler` the cases routed to the\n        city enforcement detachment; `admin` and `auditor` see all (read-only for auditors).\n        `overdue=true` lists only cases past an acknowledgement or feedback deadline.\n        `assignedUnit` and `classification` narrow the queue to one unit (a classification\n        decides the unit: general → district bureau, complex → detachment). `category` and\n        the text search `q` are checked against a bounded window of the queue per request\n        (docs/scaling.md § Lists): a page may then hold fewer than `limit` items while\n        `nextCursor` still points further back; follow it until it is `null`. `q` matches\n        the texts staff see of a case (its description as redacted, shop name and address,\n        closing summary, identity code, id), never anything of the reporter's identity.\n        Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: state\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/CaseState\"\n        - name: assignedUnit\n          in: query\n          required: false\n          description: Only cases held by this unit.\n          schema:\n            $ref: \"#/components/schemas/CaseUnit\"\n        - name: category\n          in: query\n          required: false\n          description: Only cases of this violation category.\n          schema:\n            $ref: \"#/components/schemas/ViolationCategory\"\n        - name: classification\n          in: query\n          required: false\n          description: Only cases triaged with this classification.\n          schema:\n            type: string\n            enum: [general, complex]\n        - name: q\n          in: query\n          required: false\n          description: |\n            Text search, case-insensitive, over the staff-visible texts of a case (see above).\n          schema:\n            type: string\n            minLength: 1\n            maxLength: 100\n        - name: sort\n          in: query\n          required: false\n          description: \"`newest` (default) or `oldest` received first; a cursor keeps the order it was issued in.\"\n          schema:\n            type: string\n            enum: [newest, oldest]\n            default: newest\n        - name: overdue\n          in: query\n          required: false\n          schema:\n            type: boolean\n        - name: districtCode\n          in: query\n          required: false\n          description: Only cases whose shop is in this district (the district that routing uses).\n          schema:\n            $ref: \"#/components/schemas/DistrictCode\"\n        - $ref: \"#/components/parameters/Cursor\"\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: A page of cases, in the order asked for (newest first by default).\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/CaseList\"\n              example:\n                items:\n                  - id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    identityCode: \"FZ-7K3M-Q9XD-K\"\n                    source: \"tip\"\n                    state: \"received\"\n                    outcome: \"violation_confirmed\"\n                    category: \"unhygienic_kitchen\"\n                    districtCode: \"350102\"\n                    classification: \"general\"\n                    assignedUnit: \"intake\"\n                    assignedDistrictCode: \"350102\"\n                    receivedAt: \"2026-01-05T08:00:00.000Z\"\n                    updatedAt: \"2026-01-05T08:00:00.000Z\"\n                    deadlines:\n                      acknowledgeBy: \"2026-01-05T08:00:00.000Z\"\n                      feedbackBy: \"2026-01-05T08:00:00.000Z\"\n                      acknowledgedAt: \"2026-01-05T08:00:00.000Z\"\n                      feedbackGivenAt: \"2026-01-05T08:00:00.000Z\"\n                      overdue:\n                        - \"acknowledgement\"\n                nextCursor: \"WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /case-counts:\n    get:\n      operationId: getCaseCounts\n      tags: [cases]\n      summary: How many cases each queue of the caller's unit holds\n      description: |\n        The counts beside the queue's tabs: the cases the caller may see (the same unit rule\n        as `listCases`) per state, and how many open ones are overdue. Counts only; no case is\n        named, so the read is not audited. Roles: `intake`, `district_handler`,\n        `detachment_handler`, `auditor`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: assignedUnit\n          in: query\n          required: false\n          description: Only cases held by this unit.\n          schema:\n            $ref: \"#/components/schemas/CaseUnit\"\n        - name: districtCode\n          in: query\n          required: false\n          description: Only cases whose shop is in this district.\n          schema:\n            $ref: \"#/components/schemas/DistrictCode\"\n      responses:\n        \"200\":\n          description: The counts.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/CaseCounts\"\n              example:\n                received: 4\n                triaged: 2\n                investigating: 3\n                closed: 17\n                overdue: 1\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /cases/{caseId}:\n    get:\n      operationId: getCase\n      tags: [cases]\n      summary: One case with its evidence list, transitions, notes and messages\n      description: >-\n        Every read is recorded in the audit log. A case outside the caller's unit is a `404`. Roles:\n        `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/CaseId\"\n      responses:\n        \"200\":\n          description: The case.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/CaseDetail\"\n              example:\n                id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                source: \"tip\"\n                state: \"received\"\n                outcome: \"violation_confirmed\"\n                category: \"unhygienic_kitchen\"\n                districtCode: \"350102\"\n                classification: \"general\"\n                assignedUnit: \"intake\"\n                assignedDistrictCode: \"350102\"\n                receivedAt: \"2026-01-05T08:00:00.000Z\"\n                updatedAt: \"2026-01-05T08:00:00.000Z\"\n                deadlines:\n                  acknowledgeBy: \"2026-01-05T08:00:00.000Z\"\n                  feedbackBy: \"2026-01-05T08:00:00.000Z\"\n                  acknowledgedAt: \"2026-01-05T08:00:00.000Z\"\n                  feedbackGivenAt: \"2026-01-05T08:00:00.000Z\"\n                  overdue:\n                    - \"acknowledgement\"\n                description: \"Raw meat stored next to cooked food in the kitchen.\"\n                observedAt: \"2026-01-05T08:00:00.000Z\"\n                shop:\n                  shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  platformId: \"plt_demo\"\n                  platformShopId: \"ps-1001\"\n                  name: \"闽江面馆 Minjiang Noodle House\"\n                  address: \"12 Wuyi Road, Gulou District, Fuzhou\"\n                  districtCode: \"350102\"\n                penaltyFen: 0\n                closingSummary: \"example closingSummary\"\n                mergedIntoCaseId: \"merged_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                closedAt: \"2026-01-05T08:00:00.000Z\"\n                evidence:\n                  - id: \"evd_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    contentType: \"image/jpeg\"\n                    size: 0\n                    sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                transitions:\n                  - id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    at: \"2026-01-05T08:00:00.000Z\"\n                    action: \"received\"\n                    fromState: \"received\"\n                    toState: \"received\"\n                    actor: \"example actor\"\n                    details: {}\n                notes:\n                  - id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    authorStaffId: \"author_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    body: \"Raw meat stored next to cooked food in the kitchen.\"\n                    createdAt: \"2026-01-05T08:00:00.000Z\"\n                messages:\n                  - id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    from: \"reporter\"\n                    body: \"Raw meat stored next to cooked food in the kitchen.\"\n                    sentAt: \"2026-01-05T08:00:00.000Z\"\n                    attachments:\n                      - evidenceId: \"evd_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                        kind: \"photo\"\n                        contentType: \"image/jpeg\"\n                        size: 0\n                        sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /cases/{caseId}/triage:\n    post:\n      operationId: triageCase\n      tags: [cases]\n      summary: Intake triage (accept and route, reject, or merge as a duplicate)\n      description: |\n        `accept` classifies the case `general` (routed to the district bureau of the shop's\n        district) or `complex` (routed to the city enforcement detachment); `reject` closes it\n        with a reason; `merge` closes it as a duplicate of another case. Triage acknowledges\n        the tip (the 7-day deadline).\n        Roles: `intake`, `admin`.\n      x-roles: [intake, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/CaseId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/TriageDecision\"\n            example:\n              decision: \"accept\"\n              classification: \"general\"\n              reason: \"Review complete; licence verified.\"\n              duplicateOfCaseId: \"duplic_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n      responses:\n        \"200\":\n          description: The case after triage.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/CaseDetail\"\n              example:\n                id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                source: \"tip\"\n                state: \"received\"\n                outcome: \"violation_confirmed\"\n                category: \"unhygienic_kitchen\"\n                districtCode: \"350102\"\n                classification: \"general\"\n                assignedUnit: \"intake\"\n                assignedDistrictCode: \"350102\"\n                receivedAt: \"2026-01-05T08:00:00.000Z\"\n                updatedAt: \"2026-01-05T08:00:00.000Z\"\n                deadlines:\n                  acknowledgeBy: \"2026-01-05T08:00:00.000Z\"\n                  feedbackBy: \"2026-01-05T08:00:00.000Z\"\n                  acknowledgedAt: \"2026-01-05T08:00:00.000Z\"\n                  feedbackGivenAt: \"2026-01-05T08:00:00.000Z\"\n                  overdue:\n                    - \"acknowledgement\"\n                description: \"Raw meat stored next to cooked food in the kitchen.\"\n                observedAt: \"2026-01-05T08:00:00.000Z\"\n                shop:\n                  shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  platformId: \"plt_demo\"\n                  platformShopId: \"ps-1001\"\n                  name: \"闽江面馆 Minjiang Noodle House\"\n                  address: \"12 Wuyi Road, Gulou District, Fuzhou\"\n                  districtCode: \"350102\"\n                penaltyFen: 0\n                closingSummary: \"example closingSummary\"\n                mergedIntoCaseId: \"merged_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                closedAt: \"2026-01-05T08:00:00.000Z\"\n                evidence:\n                  - id: \"evd_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    contentType: \"image/jpeg\"\n                    size: 0\n                    sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                transitions:\n                  - id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    at: \"2026-01-05T08:00:00.000Z\"\n                    action: \"received\"\n                    fromState: \"received\"\n                    toState: \"received\"\n                    actor: \"example actor\"\n                    details: {}\n                notes:\n                  - id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    authorStaffId: \"author_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    body: \"Raw meat stored next to cooked food in the kitchen.\"\n                    createdAt: \"2026-01-05T08:00:00.000Z\"\n                messages:\n                  - id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    from: \"reporter\"\n                    body: \"Raw meat stored next to cooked food in the kitchen.\"\n                    sentAt: \"2026-01-05T08:00:00.000Z\"\n                    attachments:\n                      - evidenceId: \"evd_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                        kind: \"photo\"\n                        contentType: \"image/jpeg\"\n                        size: 0\n                        sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /cases/{caseId}/transitions:\n    post:\n      operationId: transitionCase\n      tags: [cases]\n      summary: Move a case on (investigate, close with an outcome) or re-route it\n      description: |\n        `investigate`: triaged → investigating. `close`: investigating → closed with an outcome\n        (`violation_confirmed` needs `penaltyFen`). `reroute`: send the case to another unit\n        (recorded as a transition; the state stays). Only the unit holding the case (or an\n        admin) may do this.\n        Roles: `district_handler`, `detachment_handler`, `admin`.\n      x-roles: [district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/CaseId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/CaseTransitionRequest\"\n            example:\n              action: \"investigate\"\n              outcome: \"violation_confirmed\"\n              penaltyFen: 1\n              summary: \"Raw meat stored next to cooked food in the kitchen.\"\n              classification: \"general\"\n              districtCode: \"350102\"\n              reason: \"Review complete; licence verified.\"\n      responses:\n        \"200\":\n          description: The case after the transition.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/CaseDetail\"\n              example:\n                id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                source: \"tip\"\n                state: \"received\"\n                outcome: \"violation_confirmed\"\n                category: \"unhygienic_kitchen\"\n                districtCode: \"350102\"\n                classification: \"general\"\n                assignedUnit: \"intake\"\n                assignedDistrictCode: \"350102\"\n                receivedAt: \"2026-01-05T08:00:00.000Z\"\n                updatedAt: \"2026-01-05T08:00:00.000Z\"\n                deadlines:\n                  acknowledgeBy: \"2026-01-05T08:00:00.000Z\"\n                  feedbackBy: \"2026-01-05T08:00:00.000Z\"\n                  acknowledgedAt: \"2026-01-05T08:00:00.000Z\"\n                  feedbackGivenAt: \"2026-01-05T08:00:00.000Z\"\n                  overdue:\n                    - \"acknowledgement\"\n                description: \"Raw meat stored next to cooked food in the kitchen.\"\n                observedAt: \"2026-01-05T08:00:00.000Z\"\n                shop:\n                  shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  platformId: \"plt_demo\"\n                  platformShopId: \"ps-1001\"\n                  name: \"闽江面馆 Minjiang Noodle House\"\n                  address: \"12 Wuyi Road, Gulou District, Fuzhou\"\n                  districtCode: \"350102\"\n                penaltyFen: 0\n                closingSummary: \"example closingSummary\"\n                mergedIntoCaseId: \"merged_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                closedAt: \"2026-01-05T08:00:00.000Z\"\n                evidence:\n                  - id: \"evd_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    contentType: \"image/jpeg\"\n                    size: 0\n                    sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                transitions:\n                  - id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    at: \"2026-01-05T08:00:00.000Z\"\n                    action: \"received\"\n                    fromState: \"received\"\n                    toState: \"received\"\n                    actor: \"example actor\"\n                    details: {}\n                notes:\n                  - id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    authorStaffId: \"author_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    body: \"Raw meat stored next to cooked food in the kitchen.\"\n                    createdAt: \"2026-01-05T08:00:00.000Z\"\n                messages:\n                  - id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    from: \"reporter\"\n                    body: \"Raw meat stored next to cooked food in the kitchen.\"\n                    sentAt: \"2026-01-05T08:00:00.000Z\"\n                    attachments:\n                      - evidenceId: \"evd_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                        kind: \"photo\"\n                        contentType: \"image/jpeg\"\n                        size: 0\n                        sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /cases/{caseId}/evidence/{evidenceId}:\n    get:\n      operationId: getEvidenceFile\n      tags: [cases]\n      summary: Download one evidence file (metadata stripped)\n      description: |\n        The decrypted, metadata-stripped file; once the photo was redacted (`redactEvidence`), the\n        redacted photo, for every caller. Every download is recorded in the audit log.\n        Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/CaseId\"\n        - name: evidenceId\n          in: path\n          required: true\n          schema:\n            type: string\n            pattern: \"^[a-z]+_[0-9a-z]{26}$\"\n      responses:\n        \"200\":\n          description: The file, with its sniffed content type.\n          headers:\n            Ezhili-Evidence-Sha256:\n              description: SHA-256 (hex) of the stored, stripped file.\n              schema:\n                type: string\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            Content-Disposition:\n              $ref: \"#/components/headers/ContentDisposition\"\n          content:\n            image/*:\n              schema:\n                type: string\n                contentMediaType: application/octet-stream\n            video/*:\n              schema:\n                type: string\n                contentMediaType: application/octet-stream\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /cases/{caseId}/evidence/{evidenceId}/redactions:\n    post:\n      operationId: redactEvidence\n      tags: [cases]\n      summary: Black out regions of a photo before it is shared\n      description: |\n        Draws opaque boxes over the given regions of the photo as staff see it (pixel\n        coordinates of the image after its orientation is applied) and re-encodes it without any\n        metadata. The result replaces the photo for everyone from then on: staff of every unit,\n        auditors, platforms and exports receive the redacted version (`getEvidenceFile`); a\n        further redaction adds to it. The original stays sealed and is opened only by k of n\n        auditors (`createUnsealRequest` with `target.type: evidence_original`). Videos cannot be\n        redacted (`409 evidence_not_redactable`). Recorded in the audit log.\n        Roles: `intake`, `district_handler`, `detachment_handler`, `admin` (the unit holding the case).\n      x-roles: [intake, district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/CaseId\"\n        - $ref: \"#/components/parameters/EvidenceId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/EvidenceRedactionRequest\"\n            examples:\n              face:\n                value:\n                  reason: A bystander's face\n                  regions:\n                    - { x: 120, y: 40, width: 180, height: 200 }\n      responses:\n        \"201\":\n          description: The redaction; the photo as everyone now receives it.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/EvidenceRedaction\"\n              examples:\n                redacted:\n                  value:\n                    id: red_01jq7z3v6k8r2m4n5p6q7r8s9t\n                    caseId: case_01JQ7Z1A2B3C4D5E6F7G8H9J0K\n                    evidenceId: evd_01JQ7Z1A2B3C4D5E6F7G8H9J0K\n                    version: 1\n                    regions:\n                      - { x: 120, y: 40, width: 180, height: 200 }\n                    reason: A bystander's face\n                    contentType: image/jpeg\n                    size: 48211\n                    sha256: 3b1f0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081\n                    redactedBy: stf_01JQ7Z1A2B3C4D5E6F7G8H9J0K\n                    createdAt: \"2026-03-02T09:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          description: The file is a video, which cannot be redacted. (Or `idempotency_in_progress`, with `Retry-After`.)\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Retry-After:\n              $ref: \"#/components/headers/RetryAfter\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                video:\n                  value:\n                    type: https://ezhili.org/problems/evidence_not_redactable\n                    title: Conflict\n                    status: 409\n                    code: evidence_not_redactable\n                    detail: Only photos can be redacted; this evidence file is a video.\n        \"422\":\n          description: A region lies outside the image.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                outside:\n                  value:\n                    type: https://ezhili.org/problems/region_outside_image\n                    title: Unprocessable content\n                    status: 422\n                    code: region_outside_image\n                    detail: Region 1 reaches beyond the 640×480 image.\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /cases/{caseId}/text-redactions:\n    post:\n      operationId: redactCaseText\n      tags: [cases]\n      summary: Mask passages of a case's description, a note or a message\n      description: |\n        Replaces each character range (Unicode code points, `start` inclusive, `end` exclusive,\n        of the text as it is now) with the fixed mask `■■■`, whatever the passage's length, so\n        the length does not show. The masked text is what everyone reads from then on: staff of\n        every unit, auditors, the reporter's own view of the conversation, platforms and\n        exports. The text as it was is sealed to the audit key; k of n auditors open it with\n        `createUnsealRequest` (`target.type: text_original`, this redaction's id). Recorded in\n        the audit log.\n        Roles: `intake`, `district_handler`, `detachment_handler`, `admin` (the unit holding the case).\n      x-roles: [intake, district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/CaseId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/TextRedactionRequest\"\n            examples:\n              name:\n                value:\n                  target: { type: message, id: msg_01jq7z1a2b3c4d5e6f7g8h9j0k }\n                  ranges:\n                    - { start: 12, end: 15 }\n                  reason: A cook's name\n      responses:\n        \"201\":\n          description: The redaction and the text as everyone now reads it.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/TextRedaction\"\n              examples:\n                masked:\n                  value:\n                    id: red_01jq7z3v6k8r2m4n5p6q7r8s9t\n                    caseId: case_01JQ7Z1A2B3C4D5E6F7G8H9J0K\n                    target: { type: message, id: msg_01jq7z1a2b3c4d5e6f7g8h9j0k }\n                    version: 1\n                    ranges:\n                      - { start: 12, end: 15 }\n                    reason: A cook's name\n                    text: 后厨有老鼠，厨师■■■不戴手套。\n                    redactedBy: stf_01JQ7Z1A2B3C4D5E6F7G8H9J0K\n                    createdAt: \"2026-03-02T09:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"422\":\n          description: A range lies outside the text, or ranges overlap.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                outside:\n                  value:\n                    type: https://ezhili.org/problems/range_outside_text\n                    title: Unprocessable content\n                    status: 422\n                    code: range_outside_text\n                    detail: Range 1 ends after the text's 42 characters.\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /cases/{caseId}/case-file.pdf:\n    get:\n      operationId: exportCaseFilePdf\n      tags: [cases]\n      summary: The case file as a PDF (timeline, decisions, evidence thumbnails and hashes)\n      description: |\n        A printable case file for a court or an archive: the case's identity code (never the\n        reporter's identity), shop, description, decisions and timeline, internal notes and the\n        conversation (as redacted), and each evidence file with its SHA-256 and, for photos, a\n        thumbnail of the stripped or redacted version. Chinese text is rendered with the embedded\n        CJK font (`EXPORT_CJK_FONT`). Streamed as it is written; every export is recorded in the\n        audit log.\n        Roles: `intake`, `district_handler`, `detachment_handler`, `auditor`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/CaseId\"\n      responses:\n        \"200\":\n          description: The PDF.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            Content-Disposition:\n              $ref: \"#/components/headers/ContentDisposition\"\n          content:\n            application/pdf:\n              schema:\n                type: string\n                contentMediaType: application/pdf\n        \"401\":\n          $ref: \"#/components/responses/Problem\"\n        \"403\":\n          $ref: \"#/components/responses/Problem\"\n        \"404\":\n          $ref: \"#/components/responses/Problem\"\n        \"503\":\n          description: The CJK font is not installed where `EXPORT_CJK_FONT` points.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                noFont:\n                  value:\n                    type: https://ezhili.org/problems/export_font_missing\n                    title: Service unavailable\n                    status: 503\n                    code: export_font_missing\n                    detail: The CJK font for exports is missing (EXPORT_CJK_FONT); install fonts-noto-cjk.\n        \"4XX\":\n          $ref: \"#/components/responses/Problem\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /cases/{caseId}/notes:\n    post:\n      operationId: addCaseNote\n      tags: [cases]\n      summary: Add an internal note (never shown to the reporter)\n      description: >-\n        An internal note on a case for the staff who handle it; the reporter never sees it. Recorded\n        in the audit log with the case. Roles: `intake`, `district_handler`, `detachment_handler`,\n        `admin`.\n      x-roles: [intake, district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/CaseId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/NewCaseNote\"\n            example:\n              body: \"Raw meat stored next to cooked food in the kitchen.\"\n      responses:\n        \"201\":\n          description: The note.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/CaseNote\"\n              example:\n                id: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                authorStaffId: \"author_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                body: \"Raw meat stored next to cooked food in the kitchen.\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /cases/{caseId}/messages:\n    post:\n      operationId: postCaseMessage\n      tags: [cases]\n      summary: Send a message to the reporter (who stays anonymous)\n      description: >-\n        Counts as acknowledgement and as feedback for the case's deadlines. Roles: `intake`,\n        `district_handler`, `detachment_handler`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/CaseId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/NewMessage\"\n            example:\n              body: \"Raw meat stored next to cooked food in the kitchen.\"\n      responses:\n        \"201\":\n          description: The message.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Message\"\n              example:\n                id: \"msg_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                from: \"reporter\"\n                body: \"Raw meat stored next to cooked food in the kitchen.\"\n                sentAt: \"2026-01-05T08:00:00.000Z\"\n                attachments:\n                  - kind: \"photo\"\n                    size: 0\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /audit/events:\n    get:\n      operationId: listAuditEvents\n      tags: [audit]\n      summary: Audit events, newest first\n      description: >-\n        For `auditor` and `admin`. Page back with `beforeSeq` (the last `seq` of the page). Roles:\n        `auditor`, `admin`.\n      x-roles: [auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: subjectType\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 64\n        - name: subjectId\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 128\n        - name: action\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 128\n        - name: beforeSeq\n          in: query\n          required: false\n          schema:\n            type: integer\n            minimum: 1\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: A page of events.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/AuditEventList\"\n              example:\n                items:\n                  - seq: 1\n                    id: \"aud_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    at: \"2026-01-05T08:00:00.000Z\"\n                    actor:\n                      type: \"staff\"\n                      id: \"aud_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    action: \"example action\"\n                    subject:\n                      type: \"example type\"\n                      id: \"aud_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    details: {}\n                    prevHash: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                    hash: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                nextBeforeSeq: 1\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /audit/verification:\n    get:\n      operationId: verifyAuditChain\n      tags: [audit]\n      summary: Recompute the hash chain and report whether it is intact\n      description: |\n        Verifies the chain in one consistent snapshot (events written meanwhile are neither\n        reported missing nor checked) off the server's request path, and waits for the answer.\n        `mode=incremental` (the default) checks the events after the latest verified checkpoint;\n        `mode=full` checks every event from the first. Either way the newest event must be the\n        recorded head, and the chain must still pass through every checkpoint kept outside the\n        database (`AUDIT_CHECKPOINT_FILE`), so a database rewritten as a whole is detected too.\n        An intact run signs a new checkpoint at the head. For a full run over a long log, start\n        a job instead (`createAuditVerification`) and follow its progress.\n        Roles: `auditor`, `admin`.\n      x-roles: [auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: mode\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/AuditVerificationMode\"\n      responses:\n        \"200\":\n          description: The verification result (also when the chain is broken).\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/AuditVerification\"\n              examples:\n                intact:\n                  value:\n                    intact: true\n                    mode: incremental\n                    eventsChecked: 412\n                    fromSeq: 120544\n                    headSeq: 120956\n                    headHash: 6f1d0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081\n                    firstBrokenSeq: null\n                    reason: null\n                    checkpointsChecked: 1\n                    checkpoint:\n                      id: ack_01JQ7Z3V6K8R2M4N5P6Q7R8S9T\n                      seq: 120956\n                      hash: 6f1d0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081\n                      createdAt: \"2026-03-02T02:00:00.000Z\"\n                      mode: incremental\n                      jws: eyJhbGciOiJFZERTQSIsImtpZCI6ImtleV8wMUoiLCJ0eXAiOiJlemhpbGktYXVkaXQtY2hlY2twb2ludCtqd3QifQ.eyJzZXEiOjEyMDk1Nn0.c2ln\n                    verifiedAt: \"2026-03-02T02:00:00.000Z\"\n                broken:\n                  value:\n                    intact: false\n                    mode: full\n                    eventsChecked: 1041\n                    fromSeq: 0\n                    headSeq: 120956\n                    headHash: 6f1d0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081\n                    firstBrokenSeq: 1042\n                    reason: event 1042 was altered or does not link to its predecessor\n                    checkpointsChecked: 3\n                    checkpoint: null\n                    verifiedAt: \"2026-03-02T02:00:00.000Z\"\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /audit/verifications:\n    post:\n      operationId: createAuditVerification\n      tags: [audit]\n      summary: Start a verification of the audit chain as a job with progress\n      description: |\n        Starts verifying the chain (as `verifyAuditChain` does) off the server's request path and\n        answers at once with the job; follow it with `getAuditVerification`. While a run of the\n        same mode is in progress, that run is answered instead of starting a second one.\n        `checkpoint` is a signed checkpoint (its `jws`) kept by the caller, e.g. printed by\n        `ezhili audit checkpoint`: the chain must still pass through it.\n        Roles: `auditor`, `admin`.\n      x-roles: [auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: false\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/AuditVerificationRequest\"\n            examples:\n              full:\n                value:\n                  mode: full\n                  checkpoint: eyJhbGciOiJFZERTQSIsImtpZCI6ImtleV8wMUoiLCJ0eXAiOiJlemhpbGktYXVkaXQtY2hlY2twb2ludCtqd3QifQ.eyJzZXEiOjEyMDk1Nn0.c2ln\n      responses:\n        \"202\":\n          description: The job, running (or the run of the same mode already in progress).\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/AuditVerificationJob\"\n              examples:\n                running:\n                  value:\n                    id: avj_01JQ7Z3V6K8R2M4N5P6Q7R8S9T\n                    mode: full\n                    state: running\n                    requestedBy: \"staff:stf_01JQ7Z1A2B3C4D5E6F7G8H9J0K\"\n                    startedAt: \"2026-03-02T09:00:00.000Z\"\n                    finishedAt: null\n                    progress:\n                      eventsChecked: 2400000\n                      eventsTotal: 6400000\n                    result: null\n                    error: null\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"422\":\n          description: The checkpoint given is not one this regulator signed.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                unsigned:\n                  value:\n                    type: https://ezhili.org/problems/invalid_checkpoint\n                    title: Unprocessable Content\n                    status: 422\n                    code: invalid_checkpoint\n                    detail: The checkpoint is not signed by a key of this regulator.\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /audit/verifications/{verificationId}:\n    parameters:\n      - name: verificationId\n        in: path\n        required: true\n        schema:\n          type: string\n          maxLength: 64\n    get:\n      operationId: getAuditVerification\n      tags: [audit]\n      summary: A verification job, with its progress or result\n      description: |\n        A job that stopped reporting progress (its server was stopped) is answered as `failed`.\n        Roles: `auditor`, `admin`.\n      x-roles: [auditor, admin]\n      security:\n        - staffBearer: []\n      responses:\n        \"200\":\n          description: The job.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/AuditVerificationJob\"\n              examples:\n                completed:\n                  value:\n                    id: avj_01JQ7Z3V6K8R2M4N5P6Q7R8S9T\n                    mode: incremental\n                    state: completed\n                    requestedBy: system\n                    startedAt: \"2026-03-02T02:00:00.000Z\"\n                    finishedAt: \"2026-03-02T02:00:01.000Z\"\n                    progress:\n                      eventsChecked: 412\n                      eventsTotal: 412\n                    result:\n                      intact: true\n                      mode: incremental\n                      eventsChecked: 412\n                      fromSeq: 120544\n                      headSeq: 120956\n                      headHash: 6f1d0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081\n                      firstBrokenSeq: null\n                      reason: null\n                      checkpointsChecked: 1\n                      checkpoint: null\n                      verifiedAt: \"2026-03-02T02:00:01.000Z\"\n                    error: null\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          description: No such verification job.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                unknown:\n                  value:\n                    type: https://ezhili.org/problems/not_found\n                    title: Not Found\n                    status: 404\n                    code: verification_not_found\n                    detail: No verification job with this id.\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /audit/checkpoints:\n    get:\n      operationId: listAuditCheckpoints\n      tags: [audit]\n      summary: Signed checkpoints of the audit chain, newest first\n      description: |\n        Each checkpoint is the chain's head (seq and hash) after an intact verification, signed\n        by the regulator (a compact JWS, EdDSA, keys at `/.well-known/jwks.json`). Keep them where\n        the database's administrators cannot write (they are also appended to\n        `AUDIT_CHECKPOINT_FILE` and may be posted to `AUDIT_CHECKPOINT_WEBHOOK_URL`): a later\n        verification against a kept checkpoint shows whether the log was rewritten since.\n        Roles: `auditor`, `admin`.\n      x-roles: [auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/Cursor\"\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: A page of checkpoints.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/AuditCheckpointList\"\n              examples:\n                page:\n                  value:\n                    items:\n                      - id: ack_01JQ7Z3V6K8R2M4N5P6Q7R8S9T\n                        seq: 120956\n                        hash: 6f1d0c3a9b52e8f4a7c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7081\n                        createdAt: \"2026-03-02T02:00:00.000Z\"\n                        mode: incremental\n                        jws: eyJhbGciOiJFZERTQSIsImtpZCI6ImtleV8wMUoiLCJ0eXAiOiJlemhpbGktYXVkaXQtY2hlY2twb2ludCtqd3QifQ.eyJzZXEiOjEyMDk1Nn0.c2ln\n                    nextCursor: null\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /metrics:\n    get:\n      operationId: getMetrics\n      tags: [metrics]\n      summary: The scheme's figures over any period up to since launch, with trends and breakdowns\n      description: |\n        For the period `[from, to]` (UTC days; default the last 30 days; `since=launch` from the\n        first day anything was recorded): tips received and accepted, platform leads, cases\n        closed and the closure rate, times to acknowledgement and closure, leads sent and acted\n        on (the lead-closure rate) with the time from lead to action, take-downs, relisting\n        decisions, cards, rewards claimed and paid; overall, per district, per source (reporter,\n        platform, risk, regulator) and per platform, with daily and monthly series. Case figures\n        count the cases received in the period (closed now or not), lead figures the leads sent\n        in the period; take-downs, decisions, cards, claims and payouts count on the day they\n        happened. `districtCode` narrows everything to one district. Read from daily and monthly\n        rollups kept in the same transaction as the data, so any period costs the same; durations\n        are hours to two significant figures (see `docs/metrics.md`). Counts and durations only;\n        no personal data.\n        Roles: any staff member (`intake`, `district_handler`, `detachment_handler`,\n        `reward_committee`, `finance`, `auditor`, `admin`).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: from\n          in: query\n          required: false\n          schema:\n            type: string\n            format: date\n        - name: to\n          in: query\n          required: false\n          schema:\n            type: string\n            format: date\n        - name: since\n          in: query\n          required: false\n          description: \"`launch`: from the first recorded day (instead of `from`).\"\n          schema:\n            type: string\n            enum: [launch]\n        - name: districtCode\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/DistrictCode\"\n      responses:\n        \"200\":\n          description: The figures.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Metrics\"\n              examples:\n                oneDistrictOneDay:\n                  value:\n                    from: \"2026-03-02\"\n                    to: \"2026-03-02\"\n                    generatedAt: \"2026-03-03T09:00:00.000Z\"\n                    districtCode: \"350102\"\n                    overall:\n                      tips: 6\n                      platformLeads: 1\n                      casesClosed: 5\n                      closureRate: 0.714\n                      ackHoursMedian: 2.5\n                      ackHoursP90: 9.1\n                      closeHoursMedian: 48\n                      closeHoursP90: 120\n                      overdueAcknowledgement: 0\n                      overdueFeedback: 1\n                      openCases: 2\n                      tipsAccepted: 5\n                      violationsConfirmed: 3\n                      leadsDispatched: 3\n                      leadsActioned: 3\n                      leadClosureRate: 1\n                      leadToActionHoursMedian: 6.5\n                      leadToActionHoursP90: 22\n                      shopsTakenDown: 2\n                      relistingApproved: 1\n                      relistingRejected: 0\n                      rewardsClaimed: 1\n                      rewardsPaid: 1\n                      rewardsPaidFen: 1500000\n                      days: 1\n                      tipsPerDay: 6\n                      leadsPerDay: 3\n                      yellowCards: 0\n                      redCards: 0\n                    perDay:\n                      - date: \"2026-03-02\"\n                        tips: 6\n                        platformLeads: 1\n                        tipsAccepted: 5\n                        casesClosed: 5\n                        leadsDispatched: 3\n                        leadsActioned: 3\n                        shopsTakenDown: 2\n                        rewardsPaid: 1\n                    perMonth:\n                      - month: \"2026-03\"\n                        tips: 6\n                        platformLeads: 1\n                        tipsAccepted: 5\n                        casesClosed: 5\n                        leadsDispatched: 3\n                        leadsActioned: 3\n                        shopsTakenDown: 2\n                        rewardsPaid: 1\n                    districts:\n                      - districtCode: \"350102\"\n                        tips: 6\n                        platformLeads: 1\n                        casesClosed: 5\n                        closureRate: 0.714\n                        ackHoursMedian: 2.5\n                        ackHoursP90: 9.1\n                        closeHoursMedian: 48\n                        closeHoursP90: 120\n                        overdueAcknowledgement: 0\n                        overdueFeedback: 1\n                        openCases: 2\n                        tipsAccepted: 5\n                        violationsConfirmed: 3\n                        leadsDispatched: 3\n                        leadsActioned: 3\n                        leadClosureRate: 1\n                        leadToActionHoursMedian: 6.5\n                        leadToActionHoursP90: 22\n                        shopsTakenDown: 2\n                        relistingApproved: 1\n                        relistingRejected: 0\n                        rewardsClaimed: 1\n                        rewardsPaid: 1\n                        rewardsPaidFen: 1500000\n                    bySource:\n                      - source: reporter\n                        casesReceived: 6\n                        casesClosed: 5\n                        closureRate: 0.833\n                        closeHoursMedian: 48\n                        leadsDispatched: 2\n                        leadsActioned: 2\n                        leadClosureRate: 1\n                        leadToActionHoursMedian: 6.5\n                      - source: platform\n                        casesReceived: 1\n                        casesClosed: 0\n                        closureRate: 0\n                        closeHoursMedian: null\n                        leadsDispatched: 1\n                        leadsActioned: 1\n                        leadClosureRate: 1\n                        leadToActionHoursMedian: 22\n                      - source: risk\n                        casesReceived: 0\n                        casesClosed: 0\n                        closureRate: null\n                        closeHoursMedian: null\n                        leadsDispatched: 0\n                        leadsActioned: 0\n                        leadClosureRate: null\n                        leadToActionHoursMedian: null\n                      - source: regulator\n                        casesReceived: 0\n                        casesClosed: 0\n                        closureRate: null\n                        closeHoursMedian: null\n                        leadsDispatched: 0\n                        leadsActioned: 0\n                        leadClosureRate: null\n                        leadToActionHoursMedian: null\n                    byPlatform:\n                      - platformId: plt_demo\n                        name: Demo Delivery\n                        casesReceived: 7\n                        casesClosed: 5\n                        closureRate: 0.714\n                        leadsDispatched: 3\n                        leadsAcknowledgedInTime: 3\n                        leadsActioned: 3\n                        leadClosureRate: 1\n                        leadToActionHoursMedian: 6.5\n                        leadToActionHoursP90: 22\n                        leadTakeDowns: 2\n                        shopsTakenDown: 2\n                        relistingApproved: 1\n                        relistingRejected: 0\n                        yellowCards: 0\n                        redCards: 0\n                    sections:\n                      rewards:\n                        eligibleTips: 2\n                        claims: 1\n                        determined: 1\n                        paid: 1\n                        paidFen: 1500000\n                        payoutsFailed: 0\n                        overdueDeterminations: 0\n        \"400\":\n          description: A reversed or overlong period, or `since` together with `from`.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                reversed:\n                  value:\n                    type: https://ezhili.org/problems/invalid_period\n                    title: Bad Request\n                    status: 400\n                    code: invalid_period\n                    detail: \"`from` must not be after `to`.\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /transparency/report:\n    get:\n      operationId: getTransparencyReport\n      tags: [metrics]\n      summary: The scheme's public figures since launch, small cells withheld\n      description: |\n        The public transparency document (also served as a page at `/transparency`): tips\n        received and accepted, cases closed and the closure rate, confirmed violations, leads\n        and the lead-closure rate, time from lead to action, take-downs, relisting decisions,\n        cards and rewards paid, since launch, per year and per district. Aggregates only: any\n        count from 1 to `minimumCount - 1` (`TRANSPARENCY_MIN_COUNT`, default 5) is withheld\n        (null, named in `suppressed`), with the rates, medians and amounts that would reveal it\n        and one more cell where a total would let it be recovered by subtraction; see\n        `docs/metrics.md`. Public (no roles); rebuilt at most once a minute.\n      security: []\n      responses:\n        \"200\":\n          description: The document.\n          headers:\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/TransparencyReport\"\n              examples:\n                small:\n                  value:\n                    generatedAt: \"2026-03-03T09:00:00.000Z\"\n                    from: \"2026-01-05\"\n                    to: \"2026-03-03\"\n                    minimumCount: 5\n                    overall:\n                      tipsReceived: 34\n                      tipsAccepted: 30\n                      platformLeads: 8\n                      casesClosed: 41\n                      closureRate: 0.976\n                      closeHoursMedian: 120\n                      violationsConfirmed: 12\n                      leadsDispatched: 18\n                      leadsActioned: 17\n                      leadClosureRate: 0.944\n                      leadToActionHoursMedian: 6.5\n                      shopsTakenDown: 9\n                      relistingApproved: 5\n                      relistingRejected: 0\n                      rewardsPaid: 12\n                      rewardsPaidYuan: 18600\n                      yellowCards: 2\n                      redCards: 0\n                      suppressed: []\n                    byYear:\n                      - year: 2026\n                        tipsReceived: 34\n                        tipsAccepted: 30\n                        platformLeads: 8\n                        casesClosed: 41\n                        closureRate: 0.976\n                        closeHoursMedian: 120\n                        violationsConfirmed: 12\n                        leadsDispatched: 18\n                        leadsActioned: 17\n                        leadClosureRate: 0.944\n                        leadToActionHoursMedian: 6.5\n                        shopsTakenDown: 9\n                        relistingApproved: 5\n                        relistingRejected: 0\n                        rewardsPaid: 12\n                        rewardsPaidYuan: 18600\n                        yellowCards: 2\n                        redCards: 0\n                        suppressed: []\n                    byDistrict:\n                      - districtCode: \"350102\"\n                        nameZh: 鼓楼区\n                        nameEn: Gulou District\n                        tipsReceived: 34\n                        tipsAccepted: 30\n                        platformLeads: null\n                        casesClosed: 41\n                        closureRate: 0.976\n                        closeHoursMedian: 120\n                        violationsConfirmed: 12\n                        leadsDispatched: 18\n                        leadsActioned: 17\n                        leadClosureRate: 0.944\n                        leadToActionHoursMedian: 6.5\n                        shopsTakenDown: null\n                        relistingApproved: null\n                        relistingRejected: 0\n                        rewardsPaid: 12\n                        rewardsPaidYuan: 18600\n                        yellowCards: 2\n                        redCards: 0\n                        suppressed: [platformLeads, relistingApproved, shopsTakenDown]\n        \"4XX\":\n          description: A problem (e.g. too many requests).\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                tooMany:\n                  value:\n                    type: https://ezhili.org/problems/rate_limited\n                    title: Too Many Requests\n                    status: 429\n                    code: rate_limited\n                    detail: Too many requests; try again later.\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms:\n    post:\n      operationId: registerPlatform\n      tags: [platforms]\n      summary: Register a delivery platform\n      description: |\n        Registers a platform with its public keys (an inline JWKS or a JWKS URL that is\n        fetched and cached), an optional webhook URL for leads, decisions and cards, and\n        its contacts. Platforms without a webhook pull their leads with `listPlatformLeads`.\n        Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/PlatformRegistration\"\n            example:\n              name: \"闽江面馆 Minjiang Noodle House\"\n              jwks:\n                keys:\n                  - kty: \"OKP\"\n                    kid: \"key_2026_01\"\n                    crv: \"Ed25519\"\n                    x: \"s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc\"\n                    alg: \"EdDSA\"\n                    use: \"sig\"\n              jwksUrl: \"https://platform.example/webhooks/ezhili\"\n              webhookUrl: \"https://platform.example/webhooks/ezhili\"\n              contacts:\n                - name: \"闽江面馆 Minjiang Noodle House\"\n                  email: \"intake@demo.local\"\n                  phone: \"13800000000\"\n                  role: \"intake\"\n      responses:\n        \"201\":\n          description: The registered platform.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Platform\"\n              example:\n                id: \"plt_demo\"\n                name: \"闽江面馆 Minjiang Noodle House\"\n                jwks:\n                  keys:\n                    - kty: \"OKP\"\n                      kid: \"key_2026_01\"\n                      crv: \"Ed25519\"\n                      x: \"s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc\"\n                      alg: \"EdDSA\"\n                      use: \"sig\"\n                jwksUrl: \"https://platform.example/webhooks/ezhili\"\n                webhookUrl: \"https://platform.example/webhooks/ezhili\"\n                webhookEnabled: false\n                webhookDisabledReason: \"Review complete; licence verified.\"\n                contacts:\n                  - name: \"闽江面馆 Minjiang Noodle House\"\n                    email: \"intake@demo.local\"\n                    phone: \"13800000000\"\n                    role: \"intake\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                updatedAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n    get:\n      operationId: getPlatform\n      tags: [platforms]\n      summary: A platform's registration\n      description: >-\n        Staff see any platform; a platform (signed call) sees only itself. Roles: any staff member\n        (`intake`, `district_handler`, `detachment_handler`, `reward_committee`, `finance`,\n        `auditor`, `admin`).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n        - platformSignature: []\n      responses:\n        \"200\":\n          description: The platform.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Platform\"\n              example:\n                id: \"plt_demo\"\n                name: \"闽江面馆 Minjiang Noodle House\"\n                jwks:\n                  keys:\n                    - kty: \"OKP\"\n                      kid: \"key_2026_01\"\n                      crv: \"Ed25519\"\n                      x: \"s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc\"\n                      alg: \"EdDSA\"\n                      use: \"sig\"\n                jwksUrl: \"https://platform.example/webhooks/ezhili\"\n                webhookUrl: \"https://platform.example/webhooks/ezhili\"\n                webhookEnabled: false\n                webhookDisabledReason: \"Review complete; licence verified.\"\n                contacts:\n                  - name: \"闽江面馆 Minjiang Noodle House\"\n                    email: \"intake@demo.local\"\n                    phone: \"13800000000\"\n                    role: \"intake\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                updatedAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n    patch:\n      operationId: updatePlatform\n      tags: [platforms]\n      summary: Update a platform (keys, webhook, contacts)\n      description: |\n        Keys rotate without downtime: publish the new key next to the old one (inline or\n        at the JWKS URL), switch signing to it, then remove the old key. Setting\n        `webhookEnabled: true` re-enables an endpoint disabled by a `410 Gone`.\n        Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/PlatformUpdate\"\n            example:\n              name: \"闽江面馆 Minjiang Noodle House\"\n              jwks:\n                keys:\n                  - kty: \"OKP\"\n                    kid: \"key_2026_01\"\n                    crv: \"Ed25519\"\n                    x: \"s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc\"\n                    alg: \"EdDSA\"\n                    use: \"sig\"\n              jwksUrl: \"https://platform.example/webhooks/ezhili\"\n              webhookUrl: \"https://platform.example/webhooks/ezhili\"\n              webhookEnabled: false\n              contacts:\n                - name: \"闽江面馆 Minjiang Noodle House\"\n                  email: \"intake@demo.local\"\n                  phone: \"13800000000\"\n                  role: \"intake\"\n      responses:\n        \"200\":\n          description: The updated platform.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Platform\"\n              example:\n                id: \"plt_demo\"\n                name: \"闽江面馆 Minjiang Noodle House\"\n                jwks:\n                  keys:\n                    - kty: \"OKP\"\n                      kid: \"key_2026_01\"\n                      crv: \"Ed25519\"\n                      x: \"s7ttEQ25P5jOIH_ZFIaoY13szpKgf-KF1cfIiiH6lBc\"\n                      alg: \"EdDSA\"\n                      use: \"sig\"\n                jwksUrl: \"https://platform.example/webhooks/ezhili\"\n                webhookUrl: \"https://platform.example/webhooks/ezhili\"\n                webhookEnabled: false\n                webhookDisabledReason: \"Review complete; licence verified.\"\n                contacts:\n                  - name: \"闽江面馆 Minjiang Noodle House\"\n                    email: \"intake@demo.local\"\n                    phone: \"13800000000\"\n                    role: \"intake\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                updatedAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/webhook-secret:\n    post:\n      operationId: rotateWebhookSecret\n      tags: [platforms]\n      summary: Turn on symmetric `v1` webhook signatures, or rotate their secret\n      description: |\n        Creates a new webhook secret (`whsec_…`, shown in this response only) for the platform's\n        endpoint. From then on every webhook carries, beside the regulator's `v1a` (Ed25519)\n        signature, a Standard Webhooks `v1` signature (HMAC-SHA256 with this secret) in the same\n        `webhook-signature` header, so off-the-shelf Standard Webhooks libraries in any language\n        can verify it. Called again, it rotates without downtime: the previous secret keeps\n        signing too (both `v1` signatures are sent) for `overlapSeconds` (default a day), so the\n        receiver can switch secrets whenever it likes within that window. The platform may call\n        it for itself (signed) or an administrator for it. Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n        - platformSignature: []\n      parameters:\n        - $ref: \"#/components/parameters/PlatformId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: false\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/WebhookSecretRotation\"\n            example:\n              overlapSeconds: 86400\n      responses:\n        \"201\":\n          description: The new secret (shown once) and until when the previous one still signs.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/WebhookSecret\"\n              example:\n                secret: \"whsec_LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                previousSecretExpiresAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        4XX:\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n    delete:\n      operationId: disableWebhookSecret\n      tags: [platforms]\n      summary: Turn symmetric `v1` webhook signatures off\n      description: |\n        Retires every webhook secret of the platform at once: webhooks are signed `v1a` only\n        again. The platform may call it for itself (signed) or an administrator for it.\n        Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n        - platformSignature: []\n      parameters:\n        - $ref: \"#/components/parameters/PlatformId\"\n      responses:\n        \"204\":\n          description: No `v1` signatures any more.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        4XX:\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/webhook-deliveries:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n    get:\n      operationId: listWebhookDeliveries\n      tags: [platforms]\n      summary: Webhook deliveries to a platform (dead letters with `state=dead`)\n      description: >-\n        The webhook deliveries to one platform, newest first, with their attempts and state;\n        `state=dead` lists the dead letters that ran out of retries and can be retried. Roles:\n        `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: state\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/WebhookDeliveryState\"\n        - $ref: \"#/components/parameters/Cursor\"\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: Deliveries, newest first.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items, nextCursor]\n                properties:\n                  items:\n                    type: array\n                    items:\n                      $ref: \"#/components/schemas/WebhookDelivery\"\n                  nextCursor:\n                    type: [string, \"null\"]\n                additionalProperties: false\n              example:\n                items:\n                  - id: \"msg_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    platformId: \"plt_demo\"\n                    eventType: \"lead.created\"\n                    state: \"pending\"\n                    attempts: 0\n                    nextAttemptAt: \"2026-01-05T08:00:00.000Z\"\n                    lastStatus: 1\n                    lastError: \"HTTP 503\"\n                    createdAt: \"2026-01-05T08:00:00.000Z\"\n                    deliveredAt: \"2026-01-05T08:00:00.000Z\"\n                nextCursor: \"WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/webhook-deliveries/{deliveryId}/retry:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n      - name: deliveryId\n        in: path\n        required: true\n        schema:\n          type: string\n          maxLength: 64\n    post:\n      operationId: retryWebhookDelivery\n      tags: [platforms]\n      summary: Send a dead letter again\n      description: |\n        Puts a dead-lettered message back in the outbox (same `webhook-id`, attempts from zero),\n        e.g. after the platform fixed its endpoint.\n        Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      responses:\n        \"200\":\n          description: The message, pending again.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/WebhookDelivery\"\n              example:\n                id: \"msg_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                platformId: \"plt_demo\"\n                eventType: \"lead.created\"\n                state: \"pending\"\n                attempts: 0\n                nextAttemptAt: \"2026-01-05T08:00:00.000Z\"\n                lastStatus: 1\n                lastError: \"HTTP 503\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                deliveredAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /leads:\n    post:\n      operationId: createLead\n      tags: [leads]\n      summary: Send a violation lead to a shop's platform\n      description: |\n        Creates a lead from a case (its shop) or a shop, for the platform that lists the\n        shop, with deadlines to acknowledge and to act. The lead is delivered as a signed\n        `lead.created` webhook through a durable outbox, and is always available to pull.\n        Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/LeadCreate\"\n            example:\n              source: \"case\"\n              caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n              shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n              summary: \"Raw meat stored next to cooked food in the kitchen.\"\n              violationCategory: \"unhygienic_kitchen\"\n              deadlines:\n                acknowledgeWithinSeconds: 60\n                actionWithinSeconds: 60\n      responses:\n        \"201\":\n          description: The lead.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Lead\"\n              example:\n                id: \"lead_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                platformId: \"plt_demo\"\n                shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                platformShopId: \"ps-1001\"\n                shopName: \"闽江面馆 Minjiang Noodle House\"\n                caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                source: \"case\"\n                summary: \"Raw meat stored next to cooked food in the kitchen.\"\n                violationCategory: \"unhygienic_kitchen\"\n                basis: \"confirmed_violation\"\n                requestedAction: \"take_down\"\n                status: \"open\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                acknowledgeDueAt: \"2026-01-05T08:00:00.000Z\"\n                actionDueAt: \"2026-01-05T08:00:00.000Z\"\n                acknowledgedAt: \"2026-01-05T08:00:00.000Z\"\n                action:\n                  leadId: \"lead_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  action: \"taken_down\"\n                  at: \"2026-01-05T08:00:00.000Z\"\n                  evidence:\n                    - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                      url: \"https://platform.example/webhooks/ezhili\"\n                      sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                      mediaType: \"image/jpeg\"\n                  note: \"Checked the licence on file; it expired in 2025.\"\n                  reportedAt: \"2026-01-05T08:00:00.000Z\"\n                  attestation:\n                    kid: \"key_2026_01\"\n                    alg: \"EdDSA\"\n                    jti: \"5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\"\n                    signedAt: \"2026-01-05T08:00:00.000Z\"\n                    signature: \"eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl\"\n                    bodySha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                overdue:\n                  acknowledge: false\n                  action: false\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/leads:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n    get:\n      operationId: listPlatformLeads\n      tags: [leads]\n      summary: A platform's leads, oldest first, with a cursor (the pull channel)\n      description: |\n        A platform (signed call) pulls its leads in creation order: keep the last\n        `nextCursor` and ask again later for newer ones. Staff see any platform's leads.\n        Roles: any staff member (`intake`, `district_handler`, `detachment_handler`,\n        `reward_committee`, `finance`, `auditor`, `admin`).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n        - platformSignature: []\n      parameters:\n        - name: status\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/LeadStatus\"\n        - name: overdue\n          in: query\n          required: false\n          description: Only leads past a deadline without the step (acknowledgement or action).\n          schema:\n            type: boolean\n        - $ref: \"#/components/parameters/Cursor\"\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: A page of leads.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items, nextCursor]\n                properties:\n                  items:\n                    type: array\n                    items:\n                      $ref: \"#/components/schemas/Lead\"\n                  nextCursor:\n                    description: Pass as `cursor` to continue after the last item; stays usable when the page was the last one.\n                    type: [string, \"null\"]\n                additionalProperties: false\n              example:\n                items:\n                  - id: \"lead_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    platformId: \"plt_demo\"\n                    shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    platformShopId: \"ps-1001\"\n                    shopName: \"闽江面馆 Minjiang Noodle House\"\n                    caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    source: \"case\"\n                    summary: \"Raw meat stored next to cooked food in the kitchen.\"\n                    violationCategory: \"unhygienic_kitchen\"\n                    basis: \"confirmed_violation\"\n                    requestedAction: \"take_down\"\n                    status: \"open\"\n                    createdAt: \"2026-01-05T08:00:00.000Z\"\n                    acknowledgeDueAt: \"2026-01-05T08:00:00.000Z\"\n                    actionDueAt: \"2026-01-05T08:00:00.000Z\"\n                    acknowledgedAt: \"2026-01-05T08:00:00.000Z\"\n                    action:\n                      leadId: \"lead_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                      action: \"taken_down\"\n                      at: \"2026-01-05T08:00:00.000Z\"\n                      evidence:\n                        - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                          url: \"https://platform.example/webhooks/ezhili\"\n                          sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                          mediaType: \"image/jpeg\"\n                      note: \"Checked the licence on file; it expired in 2025.\"\n                      reportedAt: \"2026-01-05T08:00:00.000Z\"\n                      attestation:\n                        kid: \"key_2026_01\"\n                        alg: \"EdDSA\"\n                        jti: \"5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\"\n                        signedAt: \"2026-01-05T08:00:00.000Z\"\n                        signature: \"eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl\"\n                        bodySha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                    overdue:\n                      acknowledge: false\n                      action: false\n                nextCursor: \"WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/leads/{leadId}/acknowledgement:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n      - $ref: \"#/components/parameters/LeadId\"\n    post:\n      operationId: acknowledgeLead\n      tags: [leads]\n      summary: Acknowledge a lead (signed)\n      description: Idempotent in effect; the first acknowledgement's time and signature are kept.\n      security:\n        - platformSignature: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/LeadAcknowledgement\"\n            example:\n              note: \"Checked the licence on file; it expired in 2025.\"\n      responses:\n        \"200\":\n          description: The acknowledged lead.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Lead\"\n              example:\n                id: \"lead_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                platformId: \"plt_demo\"\n                shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                platformShopId: \"ps-1001\"\n                shopName: \"闽江面馆 Minjiang Noodle House\"\n                caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                source: \"case\"\n                summary: \"Raw meat stored next to cooked food in the kitchen.\"\n                violationCategory: \"unhygienic_kitchen\"\n                basis: \"confirmed_violation\"\n                requestedAction: \"take_down\"\n                status: \"open\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                acknowledgeDueAt: \"2026-01-05T08:00:00.000Z\"\n                actionDueAt: \"2026-01-05T08:00:00.000Z\"\n                acknowledgedAt: \"2026-01-05T08:00:00.000Z\"\n                action:\n                  leadId: \"lead_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  action: \"taken_down\"\n                  at: \"2026-01-05T08:00:00.000Z\"\n                  evidence:\n                    - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                      url: \"https://platform.example/webhooks/ezhili\"\n                      sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                      mediaType: \"image/jpeg\"\n                  note: \"Checked the licence on file; it expired in 2025.\"\n                  reportedAt: \"2026-01-05T08:00:00.000Z\"\n                  attestation:\n                    kid: \"key_2026_01\"\n                    alg: \"EdDSA\"\n                    jti: \"5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\"\n                    signedAt: \"2026-01-05T08:00:00.000Z\"\n                    signature: \"eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl\"\n                    bodySha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                overdue:\n                  acknowledge: false\n                  action: false\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/leads/{leadId}/action:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n      - $ref: \"#/components/parameters/LeadId\"\n    post:\n      operationId: reportLeadAction\n      tags: [leads]\n      summary: Report the action taken on a lead (signed), e.g. the shop taken down at time T\n      description: >-\n        The platform reports, signed, what it did about a lead (e.g. the shop taken down at a time).\n        The signed request is kept as the platform's attestation.\n      security:\n        - platformSignature: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/LeadActionReport\"\n            example:\n              action: \"taken_down\"\n              at: \"2026-01-05T08:00:00.000Z\"\n              evidence:\n                - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                  url: \"https://platform.example/webhooks/ezhili\"\n                  sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                  mediaType: \"image/jpeg\"\n              note: \"Checked the licence on file; it expired in 2025.\"\n      responses:\n        \"201\":\n          description: The recorded action with the platform's attestation.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/LeadAction\"\n              example:\n                leadId: \"lead_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                action: \"taken_down\"\n                at: \"2026-01-05T08:00:00.000Z\"\n                evidence:\n                  - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                    url: \"https://platform.example/webhooks/ezhili\"\n                    sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                    mediaType: \"image/jpeg\"\n                note: \"Checked the licence on file; it expired in 2025.\"\n                reportedAt: \"2026-01-05T08:00:00.000Z\"\n                attestation:\n                  kid: \"key_2026_01\"\n                  alg: \"EdDSA\"\n                  jti: \"5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\"\n                  signedAt: \"2026-01-05T08:00:00.000Z\"\n                  signature: \"eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl\"\n                  bodySha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/submitted-leads:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n    post:\n      operationId: submitPlatformLead\n      tags: [leads]\n      summary: Report a violation the platform detected (signed); it becomes a case routed like a tip\n      description: >-\n        A violation the platform detected itself, reported signed; it becomes a case routed to the\n        bureau like a worker's tip, with the platform as its source.\n      security:\n        - platformSignature: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/PlatformLeadSubmission\"\n            example:\n              platformShopId: \"ps-1001\"\n              shopName: \"闽江面馆 Minjiang Noodle House\"\n              shopAddress: \"12 Wuyi Road, Gulou District, Fuzhou\"\n              districtCode: \"350102\"\n              violationCategory: \"unhygienic_kitchen\"\n              description: \"Raw meat stored next to cooked food in the kitchen.\"\n              observedAt: \"2026-01-05T08:00:00.000Z\"\n              evidence:\n                - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                  url: \"https://platform.example/webhooks/ezhili\"\n                  sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                  mediaType: \"image/jpeg\"\n      responses:\n        \"201\":\n          description: The receipt; its id is the platform's reference.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/PlatformLeadReceipt\"\n              example:\n                id: \"plt_demo\"\n                receivedAt: \"2026-01-05T08:00:00.000Z\"\n                attestation:\n                  kid: \"key_2026_01\"\n                  alg: \"EdDSA\"\n                  jti: \"5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\"\n                  signedAt: \"2026-01-05T08:00:00.000Z\"\n                  signature: \"eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl\"\n                  bodySha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/relisting-requests:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n    post:\n      operationId: createRelistingRequest\n      tags: [relisting]\n      summary: Ask to relist a taken-down shop (signed attestation of the platform's review)\n      description: >-\n        The platform asks, signed, to relist a shop it took down, attesting its review of the shop;\n        a regulator decides (`decideRelistingRequest`).\n      security:\n        - platformSignature: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/RelistingRequestCreate\"\n            example:\n              shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n              review:\n                checklist:\n                  - item: \"example item\"\n                    passed: false\n                    note: \"Checked the licence on file; it expired in 2025.\"\n                licence:\n                  number: \"example number\"\n                  expiresOn: \"2026-01-05\"\n                rectificationEvidence:\n                  - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                    url: \"https://platform.example/webhooks/ezhili\"\n                    sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                    mediaType: \"image/jpeg\"\n                summary: \"Raw meat stored next to cooked food in the kitchen.\"\n      responses:\n        \"201\":\n          description: The pending request.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RelistingRequest\"\n              example:\n                id: \"rlr_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                platformId: \"plt_demo\"\n                shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                status: \"pending\"\n                review:\n                  checklist:\n                    - item: \"example item\"\n                      passed: false\n                      note: \"Checked the licence on file; it expired in 2025.\"\n                  licence:\n                    number: \"example number\"\n                    expiresOn: \"2026-01-05\"\n                  rectificationEvidence:\n                    - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                      url: \"https://platform.example/webhooks/ezhili\"\n                      sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                      mediaType: \"image/jpeg\"\n                  summary: \"Raw meat stored next to cooked food in the kitchen.\"\n                submittedAt: \"2026-01-05T08:00:00.000Z\"\n                attestation:\n                  kid: \"key_2026_01\"\n                  alg: \"EdDSA\"\n                  jti: \"5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\"\n                  signedAt: \"2026-01-05T08:00:00.000Z\"\n                  signature: \"eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl\"\n                  bodySha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                decision: null\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /relisting-requests:\n    get:\n      operationId: listRelistingRequests\n      tags: [relisting]\n      summary: Relisting requests, newest first\n      description: >-\n        Staff see every platform's requests; a platform (signed call) sees only its own. Roles: any\n        staff member (`intake`, `district_handler`, `detachment_handler`, `reward_committee`,\n        `finance`, `auditor`, `admin`).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n        - platformSignature: []\n      parameters:\n        - name: status\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/RelistingStatus\"\n        - name: platformId\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 64\n        - $ref: \"#/components/parameters/Cursor\"\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: A page of requests.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items, nextCursor]\n                properties:\n                  items:\n                    type: array\n                    items:\n                      $ref: \"#/components/schemas/RelistingRequest\"\n                  nextCursor:\n                    type: [string, \"null\"]\n                additionalProperties: false\n              example:\n                items:\n                  - id: \"rlr_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    platformId: \"plt_demo\"\n                    shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    status: \"pending\"\n                    review:\n                      checklist:\n                        - item: \"example item\"\n                          passed: false\n                          note: \"Checked the licence on file; it expired in 2025.\"\n                      licence:\n                        number: \"example number\"\n                        expiresOn: \"2026-01-05\"\n                      rectificationEvidence:\n                        - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                          url: \"https://platform.example/webhooks/ezhili\"\n                          sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                          mediaType: \"image/jpeg\"\n                      summary: \"Raw meat stored next to cooked food in the kitchen.\"\n                    submittedAt: \"2026-01-05T08:00:00.000Z\"\n                    attestation:\n                      kid: \"key_2026_01\"\n                      alg: \"EdDSA\"\n                      jti: \"5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\"\n                      signedAt: \"2026-01-05T08:00:00.000Z\"\n                      signature: \"eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl\"\n                      bodySha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                    decision: null\n                nextCursor: \"WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /relisting-requests/{requestId}:\n    parameters:\n      - $ref: \"#/components/parameters/RelistingRequestId\"\n    get:\n      operationId: getRelistingRequest\n      tags: [relisting]\n      summary: One relisting request with its review and decision\n      description: >-\n        One relisting request with the platform's attestation, its review and the decision; a\n        platform sees only its own requests. Roles: any staff member (`intake`, `district_handler`,\n        `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n        - platformSignature: []\n      responses:\n        \"200\":\n          description: The request.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RelistingRequest\"\n              example:\n                id: \"rlr_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                platformId: \"plt_demo\"\n                shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                status: \"pending\"\n                review:\n                  checklist:\n                    - item: \"example item\"\n                      passed: false\n                      note: \"Checked the licence on file; it expired in 2025.\"\n                  licence:\n                    number: \"example number\"\n                    expiresOn: \"2026-01-05\"\n                  rectificationEvidence:\n                    - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                      url: \"https://platform.example/webhooks/ezhili\"\n                      sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                      mediaType: \"image/jpeg\"\n                  summary: \"Raw meat stored next to cooked food in the kitchen.\"\n                submittedAt: \"2026-01-05T08:00:00.000Z\"\n                attestation:\n                  kid: \"key_2026_01\"\n                  alg: \"EdDSA\"\n                  jti: \"5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\"\n                  signedAt: \"2026-01-05T08:00:00.000Z\"\n                  signature: \"eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl\"\n                  bodySha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                decision: null\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /relisting-requests/{requestId}/decision:\n    parameters:\n      - $ref: \"#/components/parameters/RelistingRequestId\"\n    post:\n      operationId: decideRelistingRequest\n      tags: [relisting]\n      summary: Approve or reject a relisting request, with reasons\n      description: >-\n        The decision is sent to the platform as a signed `relisting.decided` webhook. Roles:\n        `district_handler`, `detachment_handler`, `admin`.\n      x-roles: [district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/RelistingDecisionCreate\"\n            example:\n              outcome: \"approved\"\n              reasons: \"Review complete; licence verified.\"\n      responses:\n        \"200\":\n          description: The decided request.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RelistingRequest\"\n              example:\n                id: \"rlr_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                platformId: \"plt_demo\"\n                shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                status: \"pending\"\n                review:\n                  checklist:\n                    - item: \"example item\"\n                      passed: false\n                      note: \"Checked the licence on file; it expired in 2025.\"\n                  licence:\n                    number: \"example number\"\n                    expiresOn: \"2026-01-05\"\n                  rectificationEvidence:\n                    - description: \"Raw meat stored next to cooked food in the kitchen.\"\n                      url: \"https://platform.example/webhooks/ezhili\"\n                      sha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                      mediaType: \"image/jpeg\"\n                  summary: \"Raw meat stored next to cooked food in the kitchen.\"\n                submittedAt: \"2026-01-05T08:00:00.000Z\"\n                attestation:\n                  kid: \"key_2026_01\"\n                  alg: \"EdDSA\"\n                  jti: \"5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\"\n                  signedAt: \"2026-01-05T08:00:00.000Z\"\n                  signature: \"eyJhbGciOiJFZERTQSIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..c2lnbmF0dXJl\"\n                  bodySha256: \"b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c\"\n                decision: null\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /shops/{shopId}/relisting-status:\n    parameters:\n      - name: shopId\n        in: path\n        required: true\n        schema:\n          type: string\n          maxLength: 64\n    get:\n      operationId: getShopRelistingStatus\n      tags: [relisting]\n      summary: Whether a shop may be relisted\n      description: >-\n        A shop taken down after a violation is relistable only once a relisting request is approved.\n        Roles: any staff member (`intake`, `district_handler`, `detachment_handler`,\n        `reward_committee`, `finance`, `auditor`, `admin`).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n        - platformSignature: []\n      responses:\n        \"200\":\n          description: The shop's relisting status.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ShopRelistingStatus\"\n              example:\n                shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                takenDown: false\n                takenDownAt: \"2026-01-05T08:00:00.000Z\"\n                relistable: false\n                reason: \"never_taken_down\"\n                latestRequestId: \"latest_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/scorecard:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n    get:\n      operationId: getPlatformScorecard\n      tags: [scorecards]\n      summary: A platform's scorecard for a period, with the cards the rules propose\n      description: >-\n        A platform's scorecard for a period (response times, actions on leads) with the cards the\n        rules propose; a platform sees only its own. Roles: any staff member (`intake`,\n        `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`,\n        `admin`).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n        - platformSignature: []\n      parameters:\n        - name: period\n          in: query\n          required: false\n          description: A quarter (`2026-Q1`) or a month (`2026-03`), UTC; the current quarter by default.\n          schema:\n            $ref: \"#/components/schemas/ScorecardPeriod\"\n      responses:\n        \"200\":\n          description: The scorecard.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/PlatformScorecard\"\n              example:\n                platformId: \"plt_demo\"\n                period: \"2025-Q4\"\n                from: \"2026-01-05T08:00:00.000Z\"\n                to: \"2026-01-05T08:00:00.000Z\"\n                leadsReceived: 1\n                acknowledged: 1\n                acknowledgedInTime: 1\n                acknowledgedInTimeRate: 1\n                takeDowns: 1\n                takeDownsInTime: 1\n                takeDownInTimeRate: 1\n                medianLeadToActionSeconds: 1\n                relisting:\n                  approved: 1\n                  rejected: 1\n                  pending: 1\n                  breaches: 0\n                cards:\n                  yellow: 1\n                  red: 1\n                proposedCards:\n                  - color: \"yellow\"\n                    ruleId: \"rule_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    reason: \"Review complete; licence verified.\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/cards:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n    get:\n      operationId: listPlatformCards\n      tags: [scorecards]\n      summary: Yellow and red cards issued to a platform, newest first\n      description: >-\n        The yellow and red cards issued to a platform, newest first; a platform sees only its own.\n        Roles: any staff member (`intake`, `district_handler`, `detachment_handler`,\n        `reward_committee`, `finance`, `auditor`, `admin`).\n      x-roles: [intake, district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n        - platformSignature: []\n      parameters:\n        - $ref: \"#/components/parameters/Cursor\"\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: A page of cards.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items, nextCursor]\n                properties:\n                  items:\n                    type: array\n                    items:\n                      $ref: \"#/components/schemas/PlatformCard\"\n                  nextCursor:\n                    type: [string, \"null\"]\n                additionalProperties: false\n              example:\n                items:\n                  - id: \"plt_demo\"\n                    platformId: \"plt_demo\"\n                    color: \"yellow\"\n                    reason: \"Review complete; licence verified.\"\n                    period: \"2025-Q4\"\n                    ruleId: \"rule_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    issuedAt: \"2026-01-05T08:00:00.000Z\"\n                nextCursor: \"WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n    post:\n      operationId: issuePlatformCard\n      tags: [scorecards]\n      summary: Issue a yellow or red card to a platform\n      description: >-\n        The platform is notified by a signed `card.issued` webhook. Roles: `detachment_handler`,\n        `admin`.\n      x-roles: [detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/PlatformCardIssue\"\n            example:\n              color: \"yellow\"\n              reason: \"Review complete; licence verified.\"\n              period: \"2025-Q4\"\n              ruleId: \"rule_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n      responses:\n        \"201\":\n          description: The issued card.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/PlatformCard\"\n              example:\n                id: \"plt_demo\"\n                platformId: \"plt_demo\"\n                color: \"yellow\"\n                reason: \"Review complete; licence verified.\"\n                period: \"2025-Q4\"\n                ruleId: \"rule_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                issuedAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /rewards/rules:\n    get:\n      operationId: getRewardRules\n      tags: [rewards]\n      summary: The reward rule this deployment applies\n      description: |\n        The active reward profile (levels with their percentage of the fines and confiscations,\n        minimum amounts, the per-case cap, the internal-whistleblower multiplier, eligibility\n        conditions, the claim window and the determination deadline) and the working-day\n        calendar the deadlines are counted in. Public: reporters read it before they claim.\n        Amounts are integers in fen (1 yuan = 100 fen); see `docs/rewards.md` for the rounding.\n      security: []\n      responses:\n        \"200\":\n          description: The active rule and the calendar.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RewardRulesView\"\n              example:\n                rules:\n                  id: \"first-tip\"\n                  name: \"闽江面馆 Minjiang Noodle House\"\n                  source: \"example source\"\n                  currency: \"CNY\"\n                  levels:\n                    - level: 1\n                      description: \"Raw meat stored next to cooked food in the kitchen.\"\n                      percentBasisPoints: 1\n                      minimumFen: 1\n                  perCaseCapFen: 1\n                  internalWhistleblowerMaxMultiplier: 1\n                  rounding: \"half_up_to_fen\"\n                  claimWindowWorkingDays: 1\n                  determinationWorkingDays: 1\n                  eligibility:\n                    outcomes:\n                      - \"violation_confirmed\"\n                    conditions:\n                      - code: \"past_violations\"\n                        description: \"Raw meat stored next to cooked food in the kitchen.\"\n                calendar:\n                  timeZone: \"Asia/Shanghai\"\n                  workingDays: \"Mon-Fri\"\n                  holidays:\n                    - \"2026-01-05\"\n                  extraWorkingDays:\n                    - \"2026-01-05\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /rewards/claims:\n    post:\n      operationId: claimReward\n      tags: [rewards]\n      summary: Claim the reward for a tip whose case closed with a confirmed violation\n      description: |\n        By identity code plus receipt secret (headers), or identity code plus the reporter\n        session that submitted the tip. A tip submitted anonymously must attach a reporter\n        account here (`attachAccount`, or the caller's reporter session): the reward is paid\n        to that account's sealed bank details, and staff never learn which account it is.\n        The claim must arrive within the rule's claim window (working days after the case\n        closed). One claim per tip.\n      security:\n        - {}\n        - reporterSession: []\n      parameters:\n        - $ref: \"#/components/parameters/IdentityCodeHeader\"\n        - $ref: \"#/components/parameters/ReceiptSecretHeader\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: false\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/RewardClaimRequest\"\n            example:\n              attachAccount:\n                phone: \"13800000000\"\n                passphrase: \"correct horse battery staple\"\n      responses:\n        \"201\":\n          description: The claim was recorded; the reporter's view of the reward.\n          headers:\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ReporterRewardState\"\n              example:\n                status: \"claimable\"\n                claimDeadline: \"2026-01-05T08:00:00.000Z\"\n                claimedAt: \"2026-01-05T08:00:00.000Z\"\n                level: 1\n                amountFen: 1\n                payoutFailureReason: \"Review complete; licence verified.\"\n                actionRequired: \"attach_account\"\n                paidAt: \"2026-01-05T08:00:00.000Z\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"429\":\n          $ref: \"#/components/responses/TooManyRequests\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n    get:\n      operationId: listRewardClaims\n      tags: [rewards]\n      summary: Reward claims, with their deadlines\n      description: |\n        Handlers see the claims of their unit's cases; the reward committee, finance, auditors\n        and admins see all. Staff see the identity code, level and amount, never the\n        reporter. `overdue=true` lists claims past their determination deadline.\n        Roles: `district_handler`, `detachment_handler`, `reward_committee`, `finance`, `auditor`,\n        `admin`.\n      x-roles: [district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: state\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/RewardClaimState\"\n        - name: overdue\n          in: query\n          required: false\n          schema:\n            type: boolean\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: Claims, newest first.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RewardClaimList\"\n              example:\n                items:\n                  - id: \"rwc_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    identityCode: \"FZ-7K3M-Q9XD-K\"\n                    caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    state: \"claimed\"\n                    profileId: \"profil_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    basisFen: 1\n                    level: 1\n                    internalWhistleblower: false\n                    proposalReasons: \"Review complete; licence verified.\"\n                    ruleAmountFen: 1\n                    amountBounds:\n                      minFen: 1\n                      maxFen: 1\n                    amountFen: 1\n                    deviationReason: \"Review complete; licence verified.\"\n                    claimedAt: \"2026-01-05T08:00:00.000Z\"\n                    determinationDueAt: \"2026-01-05T08:00:00.000Z\"\n                    overdue: false\n                    proposedAt: \"2026-01-05T08:00:00.000Z\"\n                    determinedAt: \"2026-01-05T08:00:00.000Z\"\n                    approvedAt: \"2026-01-05T08:00:00.000Z\"\n                    payout:\n                      id: \"payout_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                      state: \"pending\"\n                      amountFen: 1\n                      failureReason: \"Review complete; licence verified.\"\n                      attempts: 0\n                      paidAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /rewards/claims/{claimId}:\n    get:\n      operationId: getRewardClaim\n      tags: [rewards]\n      summary: One reward claim (staff view)\n      description: >-\n        One reward claim as staff see it: the case, the amounts proposed and determined, the payout\n        state. Never the reporter's identity or payout details. Roles: `district_handler`,\n        `detachment_handler`, `reward_committee`, `finance`, `auditor`, `admin`.\n      x-roles: [district_handler, detachment_handler, reward_committee, finance, auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/RewardClaimId\"\n      responses:\n        \"200\":\n          description: The claim.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RewardClaim\"\n              example:\n                id: \"rwc_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                state: \"claimed\"\n                profileId: \"profil_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                basisFen: 1\n                level: 1\n                internalWhistleblower: false\n                proposalReasons: \"Review complete; licence verified.\"\n                ruleAmountFen: 1\n                amountBounds:\n                  minFen: 1\n                  maxFen: 1\n                amountFen: 1\n                deviationReason: \"Review complete; licence verified.\"\n                claimedAt: \"2026-01-05T08:00:00.000Z\"\n                determinationDueAt: \"2026-01-05T08:00:00.000Z\"\n                overdue: false\n                proposedAt: \"2026-01-05T08:00:00.000Z\"\n                determinedAt: \"2026-01-05T08:00:00.000Z\"\n                approvedAt: \"2026-01-05T08:00:00.000Z\"\n                payout:\n                  id: \"payout_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  state: \"pending\"\n                  amountFen: 1\n                  failureReason: \"Review complete; licence verified.\"\n                  attempts: 0\n                  paidAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /rewards/claims/{claimId}/proposal:\n    post:\n      operationId: proposeReward\n      tags: [rewards]\n      summary: The case handler proposes a reward level, with reasons\n      description: |\n        Only a handler of the unit that holds the case (the district bureau's\n        `district_handler` for its district, or a `detachment_handler` for complex cases).\n        Roles: `district_handler`, `detachment_handler`.\n      x-roles: [district_handler, detachment_handler]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/RewardClaimId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/RewardProposal\"\n            example:\n              level: 1\n              internalWhistleblower: false\n              reasons: \"Review complete; licence verified.\"\n      responses:\n        \"200\":\n          description: The claim with its proposal.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RewardClaim\"\n              example:\n                id: \"rwc_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                state: \"claimed\"\n                profileId: \"profil_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                basisFen: 1\n                level: 1\n                internalWhistleblower: false\n                proposalReasons: \"Review complete; licence verified.\"\n                ruleAmountFen: 1\n                amountBounds:\n                  minFen: 1\n                  maxFen: 1\n                amountFen: 1\n                deviationReason: \"Review complete; licence verified.\"\n                claimedAt: \"2026-01-05T08:00:00.000Z\"\n                determinationDueAt: \"2026-01-05T08:00:00.000Z\"\n                overdue: false\n                proposedAt: \"2026-01-05T08:00:00.000Z\"\n                determinedAt: \"2026-01-05T08:00:00.000Z\"\n                approvedAt: \"2026-01-05T08:00:00.000Z\"\n                payout:\n                  id: \"payout_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  state: \"pending\"\n                  amountFen: 1\n                  failureReason: \"Review complete; licence verified.\"\n                  attempts: 0\n                  paidAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /rewards/claims/{claimId}/determination:\n    post:\n      operationId: determineReward\n      tags: [rewards]\n      summary: The reward committee determines the amount\n      description: |\n        Omit `amountFen` to take the rule's amount. A different amount must lie within the\n        rule's bounds (`amountBounds` of the claim) and needs a written `reason`.\n        Roles: `reward_committee`.\n      x-roles: [reward_committee]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/RewardClaimId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/RewardDetermination\"\n            example:\n              amountFen: 1\n              reason: \"Review complete; licence verified.\"\n      responses:\n        \"200\":\n          description: The claim with its determined amount.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RewardClaim\"\n              example:\n                id: \"rwc_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                state: \"claimed\"\n                profileId: \"profil_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                basisFen: 1\n                level: 1\n                internalWhistleblower: false\n                proposalReasons: \"Review complete; licence verified.\"\n                ruleAmountFen: 1\n                amountBounds:\n                  minFen: 1\n                  maxFen: 1\n                amountFen: 1\n                deviationReason: \"Review complete; licence verified.\"\n                claimedAt: \"2026-01-05T08:00:00.000Z\"\n                determinationDueAt: \"2026-01-05T08:00:00.000Z\"\n                overdue: false\n                proposedAt: \"2026-01-05T08:00:00.000Z\"\n                determinedAt: \"2026-01-05T08:00:00.000Z\"\n                approvedAt: \"2026-01-05T08:00:00.000Z\"\n                payout:\n                  id: \"payout_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  state: \"pending\"\n                  amountFen: 1\n                  failureReason: \"Review complete; licence verified.\"\n                  attempts: 0\n                  paidAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /rewards/claims/{claimId}/payout-approval:\n    post:\n      operationId: approvePayout\n      tags: [rewards]\n      summary: Finance approves the payout; the payout module pays\n      description: |\n        Approves the determined amount and pays it through the payout adapter, exactly once\n        (an idempotency key per payout; retries and restarts never pay twice). The payout\n        module alone opens the reporter's payout envelope and checks that the bank account\n        name matches the real name; a mismatch is a `422` and nothing is approved or paid.\n        After a failed payout, approving again starts a new attempt.\n        Roles: `finance`.\n      x-roles: [finance]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/RewardClaimId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: false\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/PayoutApproval\"\n            example:\n              note: \"Checked the licence on file; it expired in 2025.\"\n      responses:\n        \"200\":\n          description: The claim with its payout state (`paid`, `payout_failed`, or `payout_pending` while the bank is unreachable).\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RewardClaim\"\n              example:\n                id: \"rwc_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                state: \"claimed\"\n                profileId: \"profil_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                basisFen: 1\n                level: 1\n                internalWhistleblower: false\n                proposalReasons: \"Review complete; licence verified.\"\n                ruleAmountFen: 1\n                amountBounds:\n                  minFen: 1\n                  maxFen: 1\n                amountFen: 1\n                deviationReason: \"Review complete; licence verified.\"\n                claimedAt: \"2026-01-05T08:00:00.000Z\"\n                determinationDueAt: \"2026-01-05T08:00:00.000Z\"\n                overdue: false\n                proposedAt: \"2026-01-05T08:00:00.000Z\"\n                determinedAt: \"2026-01-05T08:00:00.000Z\"\n                approvedAt: \"2026-01-05T08:00:00.000Z\"\n                payout:\n                  id: \"payout_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  state: \"pending\"\n                  amountFen: 1\n                  failureReason: \"Review complete; licence verified.\"\n                  attempts: 0\n                  paidAt: \"2026-01-05T08:00:00.000Z\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /unseal-requests:\n    post:\n      operationId: createUnsealRequest\n      tags: [unseal]\n      summary: Ask to open a reporter's sealed identity, or a sealed original, for an audit\n      description: |\n        Names a case, the legal basis and reason, and what to open (`target`: the reporter's\n        identity by default, or a sealed evidence or text original of the case, see\n        `docs/redaction.md`). The response carries a one-time key,\n        shown only here: the k auditors' shares are sealed to it as they arrive, and only the\n        holder of this key can open the result, once (`getUnsealRequest` with the\n        `Ezhili-Unseal-Key` header). The request expires if not opened in time.\n        Roles: `auditor`, `admin`.\n      x-roles: [auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/UnsealRequestCreate\"\n            example:\n              caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n              legalBasis: \"Food Safety Law of the PRC, Article 34\"\n              reason: \"Review complete; licence verified.\"\n      responses:\n        \"201\":\n          description: The request, with its one-time key (shown once).\n          headers:\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/UnsealRequestCreated\"\n              example:\n                id: \"unseal_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                target:\n                  type: \"identity\"\n                  evidenceId: \"evd_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  redactionId: \"red_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                legalBasis: \"Food Safety Law of the PRC, Article 34\"\n                reason: \"Review complete; licence verified.\"\n                state: \"pending\"\n                threshold: 2\n                approvals:\n                  - auditorId: \"audito_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    submittedAt: \"2026-01-05T08:00:00.000Z\"\n                requestedBy: \"staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                expiresAt: \"2026-01-05T08:00:00.000Z\"\n                openedAt: \"2026-01-05T08:00:00.000Z\"\n                identity:\n                  realName: \"张三 (example)\"\n                  residentId: \"reside_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  phone: \"13800000000\"\n                  bankAccount:\n                    bankName: \"Bank of Fuzhou\"\n                    accountNumber: \"6222020000000000000\"\n                    accountName: \"张三 (example)\"\n                  identityVersion: 1\n                oneTimeKey: \"example oneTimeKey\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /unseal-requests/{unsealRequestId}:\n    get:\n      operationId: getUnsealRequest\n      tags: [unseal]\n      summary: An unseal request's state; with its one-time key, the opened identity (once)\n      description: |\n        Auditors and admins see the state, the legal basis and which auditors have\n        submitted shares. The requester who sends the request's one-time key in\n        `Ezhili-Unseal-Key` once k auditors have approved receives the opened identity in\n        this response, exactly once: the sealed shares are then destroyed, nothing opened is\n        stored, and the reporter is told (through `getTip`) when and why.\n        Roles: `auditor`, `admin`.\n      x-roles: [auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/UnsealRequestId\"\n        - $ref: \"#/components/parameters/UnsealKeyHeader\"\n      responses:\n        \"200\":\n          description: The request (and, once, the identity).\n          headers:\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/UnsealRequest\"\n              example:\n                id: \"unseal_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                target:\n                  type: \"identity\"\n                  evidenceId: \"evd_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  redactionId: \"red_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                legalBasis: \"Food Safety Law of the PRC, Article 34\"\n                reason: \"Review complete; licence verified.\"\n                state: \"pending\"\n                threshold: 2\n                approvals:\n                  - auditorId: \"audito_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    submittedAt: \"2026-01-05T08:00:00.000Z\"\n                requestedBy: \"staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                expiresAt: \"2026-01-05T08:00:00.000Z\"\n                openedAt: \"2026-01-05T08:00:00.000Z\"\n                identity:\n                  realName: \"张三 (example)\"\n                  residentId: \"reside_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  phone: \"13800000000\"\n                  bankAccount:\n                    bankName: \"Bank of Fuzhou\"\n                    accountNumber: \"6222020000000000000\"\n                    accountName: \"张三 (example)\"\n                  identityVersion: 1\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"410\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /unseal-requests/{unsealRequestId}/original:\n    get:\n      operationId: openUnsealedOriginal\n      tags: [unseal]\n      summary: Download the sealed original an approved request opens (once)\n      description: |\n        For a request whose `target` is `evidence_original` or `text_original`: once k auditors\n        have approved, the requester sends the one-time key in `Ezhili-Unseal-Key` and receives\n        the original, exactly once (streamed): the evidence file as uploaded (unredacted,\n        metadata included), or the text as it was before the redaction (`text/plain`). The\n        audit private key is rebuilt in memory from the shares and wiped, the sealed shares are\n        destroyed, the opening is audited, and the reporter is told through `getTip` (as for\n        an identity). An identity request is opened with `getUnsealRequest` instead (`409`).\n        Roles: `auditor`, `admin` (the requester only).\n      x-roles: [auditor, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/UnsealRequestId\"\n        - name: Ezhili-Unseal-Key\n          in: header\n          required: true\n          description: The one-time key from `createUnsealRequest`.\n          schema:\n            type: string\n            minLength: 43\n            maxLength: 43\n      responses:\n        \"200\":\n          description: The original.\n          headers:\n            Content-Disposition:\n              $ref: \"#/components/headers/ContentDisposition\"\n            Cache-Control:\n              $ref: \"#/components/headers/CacheControl\"\n            Ezhili-Original-Sha256:\n              description: SHA-256 (hex) of the original as uploaded (evidence) or of the UTF-8 text.\n              schema:\n                type: string\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            image/*:\n              schema:\n                type: string\n                contentMediaType: application/octet-stream\n            video/*:\n              schema:\n                type: string\n                contentMediaType: application/octet-stream\n            text/plain:\n              schema:\n                type: string\n        \"401\":\n          $ref: \"#/components/responses/Problem\"\n        \"403\":\n          $ref: \"#/components/responses/Problem\"\n        \"404\":\n          $ref: \"#/components/responses/Problem\"\n        \"409\":\n          description: Not yet approved by k auditors, already opened, or an identity request.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                notApproved:\n                  value:\n                    type: https://ezhili.org/problems/not_approved\n                    title: Conflict\n                    status: 409\n                    code: not_approved\n                    detail: The request needs 2 auditors' shares before it can be opened.\n        \"410\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/Problem\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /unseal-requests/{unsealRequestId}/shares:\n    post:\n      operationId: submitUnsealShare\n      tags: [unseal]\n      summary: An auditor approves an unseal request with their key share\n      description: |\n        Auditors only, one share each. The share is checked against the audit key's share\n        fingerprints (a forged share or a share of another key is a `422`), then sealed to\n        the request's one-time key; the server never stores a share in the clear. The\n        request is approved once k distinct auditors have submitted.\n        Roles: `auditor`.\n      x-roles: [auditor]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/UnsealRequestId\"\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/UnsealShareSubmission\"\n            example:\n              share: \"example share\"\n      responses:\n        \"200\":\n          description: The request after this approval.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/UnsealRequest\"\n              example:\n                id: \"unseal_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                caseId: \"case_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                target:\n                  type: \"identity\"\n                  evidenceId: \"evd_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  redactionId: \"red_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                identityCode: \"FZ-7K3M-Q9XD-K\"\n                legalBasis: \"Food Safety Law of the PRC, Article 34\"\n                reason: \"Review complete; licence verified.\"\n                state: \"pending\"\n                threshold: 2\n                approvals:\n                  - auditorId: \"audito_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    submittedAt: \"2026-01-05T08:00:00.000Z\"\n                requestedBy: \"staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                expiresAt: \"2026-01-05T08:00:00.000Z\"\n                openedAt: \"2026-01-05T08:00:00.000Z\"\n                identity:\n                  realName: \"张三 (example)\"\n                  residentId: \"reside_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  phone: \"13800000000\"\n                  bankAccount:\n                    bankName: \"Bank of Fuzhou\"\n                    accountNumber: \"6222020000000000000\"\n                    accountName: \"张三 (example)\"\n                  identityVersion: 1\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"410\":\n          $ref: \"#/components/responses/Problem\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /shops/search:\n    get:\n      operationId: searchShops\n      tags: [shops]\n      summary: Search known shops by name (public listing data only)\n      description: |\n        For the whistleblow widget's shop picker: shops whose name contains `q`\n        (case-insensitive), optionally in one district, best matches (name starts with\n        `q`) first. Returns only what a platform shows publicly: name, address, district\n        and the platform listing; never licence data, ratings, complaints or risk.\n      security: []\n      parameters:\n        - name: q\n          in: query\n          required: true\n          schema:\n            type: string\n            minLength: 1\n            maxLength: 100\n        - name: district\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/DistrictCode\"\n        - name: limit\n          in: query\n          required: false\n          schema:\n            type: integer\n            minimum: 1\n            maximum: 50\n            default: 10\n      responses:\n        \"200\":\n          description: Matching shops.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items]\n                properties:\n                  items:\n                    type: array\n                    items:\n                      $ref: \"#/components/schemas/ShopSearchHit\"\n                additionalProperties: false\n              example:\n                items:\n                  - id: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    name: \"闽江面馆 Minjiang Noodle House\"\n                    address: \"12 Wuyi Road, Gulou District, Fuzhou\"\n                    districtCode: \"350102\"\n                    platformId: \"plt_demo\"\n                    platformShopId: \"ps-1001\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /platforms/{platformId}/shop-feed:\n    parameters:\n      - $ref: \"#/components/parameters/PlatformId\"\n    post:\n      operationId: ingestShopFeed\n      tags: [shops]\n      summary: Push shop listings (signed; JSON batch or NDJSON)\n      description: |\n        Upserts the platform's listings by `platformShopId`: name, address, district,\n        licence, categories, rating, complaint count, online state. The body is either\n        `{\"shops\": [ShopListing, ...]}` or NDJSON (`application/x-ndjson`, one ShopListing\n        per line). Each row is checked on its own: bad rows (unknown district, bad dates,\n        negative counts, missing name) are listed with their row number and reason while\n        the good rows load. Sending the same batch again changes nothing.\n\n        A shop taken down after a violation comes back online only after the regulator\n        approves a relisting request: a feed that would put such a shop online is refused\n        whole with `409 relisting_not_approved` (each offending row in `errors`), nothing\n        of it is loaded, and the attempt is recorded as a relisting breach on the\n        platform's scorecard. Where the deployment makes this platform's feed authoritative\n        (`RELISTING_AUTHORITATIVE_FEEDS`), the feed loads and the shop goes online, and the\n        breach is recorded all the same.\n      security:\n        - platformSignature: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/ShopFeedBatch\"\n            example:\n              shops:\n                - platformShopId: \"ps-1001\"\n                  name: \"闽江面馆 Minjiang Noodle House\"\n                  address: \"12 Wuyi Road, Gulou District, Fuzhou\"\n                  districtCode: \"350102\"\n                  licenceNumber: \"JY13501020000001\"\n                  licenceExpiry: \"2026-01-05\"\n                  licenceIssued: \"2026-01-05\"\n                  categories:\n                    - \"example categorie\"\n                  rating: 1\n                  complaintCount: 0\n                  online: false\n                  area: \"example area\"\n                  extra:\n                    example: \"example example\"\n          application/x-ndjson:\n            schema:\n              type: string\n              description: One ShopListing JSON object per line.\n      responses:\n        \"200\":\n          description: What was loaded and what was refused.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ShopFeedResult\"\n              example:\n                received: 1\n                created: 1\n                updated: 1\n                unchanged: 1\n                rejected: 1\n                rejections:\n                  - row: 1\n                    field: \"example field\"\n                    reason: \"Review complete; licence verified.\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"409\":\n          $ref: \"#/components/responses/Problem\"\n        \"413\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /risk/inspection-imports:\n    post:\n      operationId: importInspections\n      tags: [risk]\n      summary: Import inspection records (streamed CSV or NDJSON)\n      description: |\n        Streams the body row by row (files of millions of rows are fine) and loads the\n        records in batches. Columns are read through a column mapping: `mapping` names a\n        shipped mapping (e.g. `sf-dph-inspections`); without it the columns must carry the\n        canonical names (`date`, `licenceNumber` or `platformId` + `platformShopId`,\n        `result`, `score`, `critical`, `serious`, `minor`, `violations`, `externalId`).\n        Records link to shops by licence number or platform listing. Malformed rows are\n        refused with row numbers and reasons; good rows load; importing the same file again\n        creates no duplicates.\n        Roles: `intake`, `admin`.\n      x-roles: [intake, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n        - name: mapping\n          in: query\n          required: false\n          schema:\n            type: string\n            pattern: \"^[a-z0-9-]{1,64}$\"\n        - name: source\n          in: query\n          required: false\n          description: Overrides the mapping's source name (records are unique per source).\n          schema:\n            type: string\n            pattern: \"^[a-z0-9-]{1,64}$\"\n      requestBody:\n        required: true\n        content:\n          text/csv:\n            schema:\n              type: string\n          application/x-ndjson:\n            schema:\n              type: string\n      responses:\n        \"201\":\n          description: The import's summary.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/InspectionImportResult\"\n              example:\n                importId: \"imp_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                source: \"example source\"\n                mapping: \"example mapping\"\n                rowsRead: 1\n                inserted: 1\n                duplicates: 1\n                rejected: 1\n                rejectedByReason:\n                  example: 1\n                rejections:\n                  - row: 1\n                    field: \"example field\"\n                    reason: \"Review complete; licence verified.\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"413\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /risk/covariate-imports:\n    post:\n      operationId: importRiskCovariates\n      tags: [risk]\n      summary: Import a covariate data set keyed by area and date (streamed CSV or NDJSON)\n      description: |\n        Loads area-and-date data (complaints, sanitation requests, weather) that model\n        features of source `covariate` aggregate over a trailing window, point in time. Each\n        row is a `dataset`, an `area` (a shop's `area`; empty = everywhere, `*`), a `date` and a\n        `value` (default 1: one event), read through a column mapping of kind `covariates`\n        (`mapping`) or the canonical column names. Rows are keyed by their whole content, so\n        importing a file again adds nothing.\n        Roles: `intake`, `admin`.\n      x-roles: [intake, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n        - name: mapping\n          in: query\n          required: false\n          schema:\n            type: string\n            pattern: \"^[a-z0-9-]{1,64}$\"\n        - name: dataset\n          in: query\n          required: false\n          description: The data set every row belongs to (overrides a mapped `dataset` column).\n          schema:\n            type: string\n            pattern: \"^[a-z0-9-]{1,64}$\"\n      requestBody:\n        required: true\n        content:\n          text/csv:\n            schema:\n              type: string\n            examples:\n              complaints:\n                value: |\n                  area,date,value\n                  60614,2014-08-01,1\n                  60614,2014-08-02,3\n          application/x-ndjson:\n            schema:\n              type: string\n      responses:\n        \"201\":\n          description: The import's summary.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/CovariateImportResult\"\n              examples:\n                done:\n                  value:\n                    importId: cov_01JD8S6K5Z3Y7Q2W4E6R8T0Y2U\n                    datasets: [sanitation-complaints]\n                    rowsRead: 2\n                    inserted: 2\n                    duplicates: 0\n                    rejected: 0\n                    rejectedByReason: {}\n                    rejections: []\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"413\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /risk/model:\n    get:\n      operationId: getRiskModel\n      tags: [risk]\n      summary: The current risk model (or one version of it)\n      description: >-\n        Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: version\n          in: query\n          required: false\n          schema:\n            type: integer\n            minimum: 1\n      responses:\n        \"200\":\n          description: The model.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RiskModel\"\n              example:\n                name: \"闽江面馆 Minjiang Noodle House\"\n                description: \"Raw meat stored next to cooked food in the kitchen.\"\n                intercept: 1\n                halfLifeDays: 1\n                indicators:\n                  - indicator: \"critical_recent\"\n                    name: \"past_violations\"\n                    feature:\n                      source: \"shop\"\n                      field: \"example field\"\n                      type: \"numeric\"\n                      aggregate: \"count\"\n                      windowDays: 1\n                      dataset: \"ps-1001\"\n                    levels:\n                      - value: \"example value\"\n                        weight: 1\n                    otherWeight: 1\n                    minCount: 1\n                    weight: 1\n                    transform: \"identity\"\n                    cap: 1\n                    center: 1\n                    scale: 1\n                tiers:\n                  B: 1\n                  C: 1\n                  D: 1\n                leadTier: \"A\"\n                calibration: {}\n                version: 1\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                createdBy: \"staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n    put:\n      operationId: putRiskModel\n      tags: [risk]\n      summary: Replace the risk model (a new version)\n      description: |\n        Validates the whole model (known indicators, finite weights, ascending tier\n        thresholds) and stores it as the next version; a model identical to the current one\n        is answered with the current version (200) and stores nothing. Role `admin`.\n        Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/RiskModelInput\"\n            example:\n              name: \"闽江面馆 Minjiang Noodle House\"\n              description: \"Raw meat stored next to cooked food in the kitchen.\"\n              intercept: 1\n              halfLifeDays: 1\n              indicators:\n                - indicator: \"critical_recent\"\n                  name: \"past_violations\"\n                  feature:\n                    source: \"shop\"\n                    field: \"example field\"\n                    type: \"numeric\"\n                    aggregate: \"count\"\n                    windowDays: 1\n                    dataset: \"ps-1001\"\n                  levels:\n                    - value: \"example value\"\n                      weight: 1\n                  otherWeight: 1\n                  minCount: 1\n                  weight: 1\n                  transform: \"identity\"\n                  cap: 1\n                  center: 1\n                  scale: 1\n              tiers:\n                B: 1\n                C: 1\n                D: 1\n              leadTier: \"A\"\n              calibration: {}\n      responses:\n        \"200\":\n          description: Unchanged; the current version.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RiskModel\"\n              example:\n                name: \"闽江面馆 Minjiang Noodle House\"\n                description: \"Raw meat stored next to cooked food in the kitchen.\"\n                intercept: 1\n                halfLifeDays: 1\n                indicators:\n                  - indicator: \"critical_recent\"\n                    name: \"past_violations\"\n                    feature:\n                      source: \"shop\"\n                      field: \"example field\"\n                      type: \"numeric\"\n                      aggregate: \"count\"\n                      windowDays: 1\n                      dataset: \"ps-1001\"\n                    levels:\n                      - value: \"example value\"\n                        weight: 1\n                    otherWeight: 1\n                    minCount: 1\n                    weight: 1\n                    transform: \"identity\"\n                    cap: 1\n                    center: 1\n                    scale: 1\n                tiers:\n                  B: 1\n                  C: 1\n                  D: 1\n                leadTier: \"A\"\n                calibration: {}\n                version: 1\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                createdBy: \"staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n        \"201\":\n          description: Stored as a new version.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RiskModel\"\n              example:\n                name: \"闽江面馆 Minjiang Noodle House\"\n                description: \"Raw meat stored next to cooked food in the kitchen.\"\n                intercept: 1\n                halfLifeDays: 1\n                indicators:\n                  - indicator: \"critical_recent\"\n                    name: \"past_violations\"\n                    feature:\n                      source: \"shop\"\n                      field: \"example field\"\n                      type: \"numeric\"\n                      aggregate: \"count\"\n                      windowDays: 1\n                      dataset: \"ps-1001\"\n                    levels:\n                      - value: \"example value\"\n                        weight: 1\n                    otherWeight: 1\n                    minCount: 1\n                    weight: 1\n                    transform: \"identity\"\n                    cap: 1\n                    center: 1\n                    scale: 1\n                tiers:\n                  B: 1\n                  C: 1\n                  D: 1\n                leadTier: \"A\"\n                calibration: {}\n                version: 1\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                createdBy: \"staff:stf_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"422\":\n          $ref: \"#/components/responses/Problem\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /risk/runs:\n    post:\n      operationId: createRiskRun\n      tags: [risk]\n      summary: Score every shop (optionally turning the top tier into leads)\n      description: |\n        Scores every shop in the registry 0–100 with the current (or given) model, as of a\n        date, in one set-based pass; each score records the model version and the\n        per-indicator contributions. With `createLeads`, every shop of the model's lead tier\n        that a platform lists becomes a `risk` lead for that platform, except shops that\n        already have an open lead.\n        Roles: `detachment_handler`, `admin`.\n      x-roles: [detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: false\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/RiskRunRequest\"\n            example:\n              asOf: \"2026-01-05\"\n              modelVersion: 1\n              createLeads: false\n              createTasks: false\n              tasksPerUnit: 1\n      responses:\n        \"201\":\n          description: The finished run.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RiskRun\"\n              example:\n                id: \"rrun_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                modelVersion: 1\n                asOf: \"2026-01-05\"\n                status: \"running\"\n                startedAt: \"2026-01-05T08:00:00.000Z\"\n                finishedAt: \"2026-01-05T08:00:00.000Z\"\n                shopsScored: 1\n                tierCounts:\n                  A: 1\n                  B: 1\n                  C: 1\n                  D: 1\n                leads:\n                  requested: false\n                  created: 1\n                  skippedOpenLead: 1\n                  skippedNoPlatform: 1\n                tasks:\n                  requested: false\n                  created: 1\n                  skippedOpenTask: 1\n                  byUnit:\n                    example: 1\n                durationMs: 1\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /risk/runs/{runId}:\n    parameters:\n      - name: runId\n        in: path\n        required: true\n        schema:\n          type: string\n          maxLength: 64\n    get:\n      operationId: getRiskRun\n      tags: [risk]\n      summary: One scoring run\n      description: >-\n        One risk scoring run: its model version, state, counts and when it ran. Roles: `intake`,\n        `district_handler`, `detachment_handler`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      responses:\n        \"200\":\n          description: The run.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RiskRun\"\n              example:\n                id: \"rrun_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                modelVersion: 1\n                asOf: \"2026-01-05\"\n                status: \"running\"\n                startedAt: \"2026-01-05T08:00:00.000Z\"\n                finishedAt: \"2026-01-05T08:00:00.000Z\"\n                shopsScored: 1\n                tierCounts:\n                  A: 1\n                  B: 1\n                  C: 1\n                  D: 1\n                leads:\n                  requested: false\n                  created: 1\n                  skippedOpenLead: 1\n                  skippedNoPlatform: 1\n                tasks:\n                  requested: false\n                  created: 1\n                  skippedOpenTask: 1\n                  byUnit:\n                    example: 1\n                durationMs: 1\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /risk/shops:\n    get:\n      operationId: listShopRisks\n      tags: [risk]\n      summary: Shops by risk, highest first\n      description: |\n        The scores of one run (default: the latest completed run), highest first, filtered\n        by tier, district and platform. A `district_handler` sees only their district.\n        Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: runId\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 64\n        - name: tier\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/RiskTier\"\n        - name: district\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/DistrictCode\"\n        - name: platform\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 64\n        - $ref: \"#/components/parameters/Cursor\"\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: A page of shop risks.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [run, items, nextCursor]\n                properties:\n                  run:\n                    $ref: \"#/components/schemas/RiskRun\"\n                  items:\n                    type: array\n                    items:\n                      $ref: \"#/components/schemas/ShopRisk\"\n                  nextCursor:\n                    type: [string, \"null\"]\n                additionalProperties: false\n              example:\n                run:\n                  id: \"rrun_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                  modelVersion: 1\n                  asOf: \"2026-01-05\"\n                  status: \"running\"\n                  startedAt: \"2026-01-05T08:00:00.000Z\"\n                  finishedAt: \"2026-01-05T08:00:00.000Z\"\n                  shopsScored: 1\n                  tierCounts:\n                    A: 1\n                    B: 1\n                    C: 1\n                    D: 1\n                  leads:\n                    requested: false\n                    created: 1\n                    skippedOpenLead: 1\n                    skippedNoPlatform: 1\n                  tasks:\n                    requested: false\n                    created: 1\n                    skippedOpenTask: 1\n                    byUnit:\n                      example: 1\n                  durationMs: 1\n                items:\n                  - runId: \"rrun_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    modelVersion: 1\n                    asOf: \"2026-01-05\"\n                    shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                    shopName: \"闽江面馆 Minjiang Noodle House\"\n                    districtCode: \"350102\"\n                    platformId: \"plt_demo\"\n                    score: 1\n                    tier: \"A\"\n                    contributions:\n                      - indicator: \"example indicator\"\n                        value: 1\n                        levels:\n                          - \"example level\"\n                        contribution: 1\n                nextCursor: \"WyJjYXNlcyIsImNhc2VfMDFrZHgzcjhuMG0ydjRxNnM4dDB3Mnk0ejYiXQ\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /risk/shops/{shopId}:\n    parameters:\n      - name: shopId\n        in: path\n        required: true\n        schema:\n          type: string\n          maxLength: 64\n    get:\n      operationId: getShopRisk\n      tags: [risk]\n      summary: One shop's score and why\n      description: >-\n        The shop's score in one run (default the latest completed run) with every indicator's value\n        and contribution. Roles: `intake`, `district_handler`, `detachment_handler`, `admin`.\n      x-roles: [intake, district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: runId\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 64\n      responses:\n        \"200\":\n          description: The shop's risk.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/ShopRisk\"\n              example:\n                runId: \"rrun_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                modelVersion: 1\n                asOf: \"2026-01-05\"\n                shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                shopName: \"闽江面馆 Minjiang Noodle House\"\n                districtCode: \"350102\"\n                platformId: \"plt_demo\"\n                score: 1\n                tier: \"A\"\n                contributions:\n                  - indicator: \"example indicator\"\n                    value: 1\n                    levels:\n                      - \"example level\"\n                    contribution: 1\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /risk/backtests:\n    post:\n      operationId: createRiskBacktest\n      tags: [risk]\n      summary: Calibrate and tune on history, then measure the ranking on a held-out period\n      description: |\n        Windows by time (`train`, `validation`, `test`, each `[start, end)`; or `splitDate`):\n        fits the model's indicator weights by L2-regularised logistic regression on the\n        training window (features from data dated before each inspection only), chooses L2\n        strength, half-life and minimum category count on the validation window only, refits\n        on both, then scores every inspection of the test window — including those without\n        an earlier record (`firstInspectionPolicy`) — and reports the model beside the\n        previous-inspection baseline and a random ranking on the same rows: AUC, hit rates,\n        share found in the first half, mean days earlier, ROC and lift curves, bootstrap\n        intervals, and warnings. `calibrate: false` measures the model as it is. The result\n        and the per-inspection scores are stored (`listRiskBacktests`,\n        `exportRiskBacktestScores`).\n        Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/RiskBacktestRequest\"\n            examples:\n              windows:\n                summary: Explicit windows, settings chosen on validation\n                value:\n                  train: { start: \"2015-01-01\", end: \"2016-06-16\" }\n                  validation: { start: \"2016-06-16\", end: \"2017-02-16\" }\n                  test: { start: \"2017-02-16\", end: \"2018-03-01\" }\n                  target: critical\n              split:\n                summary: A split date (validation is the last quarter before it)\n                value: { splitDate: \"2017-02-16\" }\n      responses:\n        \"201\":\n          description: The backtest's results.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RiskBacktest\"\n              example:\n                id: \"risk_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                splitDate: \"2026-01-05\"\n                target: \"example target\"\n                windows:\n                  train:\n                    start: \"2026-01-05\"\n                    end: \"2026-01-05\"\n                  validation:\n                    start: \"2026-01-05\"\n                    end: \"2026-01-05\"\n                  test:\n                    start: \"2026-01-05\"\n                    end: \"2026-01-05\"\n                calibrated: false\n                trainInspections: 1\n                testInspections: 1\n                testPositives: 1\n                testFirstInspections: 1\n                firstInspectionPolicy: \"example firstInspectionPolicy\"\n                model:\n                  auc: 1\n                  aucCi:\n                    - 1\n                    - 1\n                  hitRateTop10: 1\n                  hitRateTop20: 1\n                  shareFoundFirstHalf: 1\n                  meanDaysEarlier: 1\n                  daysEarlierCi:\n                    - 1\n                    - 1\n                  roc:\n                    - x: 1\n                      y: 1\n                  lift:\n                    - x: 1\n                      y: 1\n                baseline:\n                  auc: 1\n                  aucCi:\n                    - 1\n                    - 1\n                  hitRateTop10: 1\n                  hitRateTop20: 1\n                  shareFoundFirstHalf: 1\n                  meanDaysEarlier: 1\n                  daysEarlierCi:\n                    - 1\n                    - 1\n                  roc:\n                    - x: 1\n                      y: 1\n                  lift:\n                    - x: 1\n                      y: 1\n                random:\n                  auc: 1\n                  aucCi:\n                    - 1\n                    - 1\n                  hitRateTop10: 1\n                  hitRateTop20: 1\n                  shareFoundFirstHalf: 1\n                  meanDaysEarlier: 1\n                  daysEarlierCi:\n                    - 1\n                    - 1\n                  roc:\n                    - x: 1\n                      y: 1\n                  lift:\n                    - x: 1\n                      y: 1\n                gainOverBaseline:\n                  auc: 1\n                  aucCi:\n                    - 1\n                  daysEarlier: 1\n                  daysEarlierCi:\n                    - 1\n                selection:\n                  chosen:\n                    l2: 1\n                    halfLifeDays: 1\n                    minCount: 1\n                  validationAuc: 1\n                  validationBaselineAuc: 1\n                  candidates:\n                    - l2: 1\n                      halfLifeDays: 1\n                      minCount: 1\n                      validationAuc: 1\n                warnings:\n                  - code: \"example code\"\n                    detail: \"example detail\"\n                    indicators:\n                      - \"example indicator\"\n                bootstrapResamples: 1\n                calibratedModel:\n                  name: \"闽江面馆 Minjiang Noodle House\"\n                  description: \"Raw meat stored next to cooked food in the kitchen.\"\n                  intercept: 1\n                  halfLifeDays: 1\n                  indicators:\n                    - indicator: \"critical_recent\"\n                      name: \"past_violations\"\n                      feature:\n                        source: \"shop\"\n                        field: \"example field\"\n                        type: \"numeric\"\n                        aggregate: \"count\"\n                        windowDays: 1\n                        dataset: \"ps-1001\"\n                      levels:\n                        - value: \"example value\"\n                          weight: 1\n                      otherWeight: 1\n                      minCount: 1\n                      weight: 1\n                      transform: \"identity\"\n                      cap: 1\n                      center: 1\n                      scale: 1\n                  tiers:\n                    B: 1\n                    C: 1\n                    D: 1\n                  leadTier: \"A\"\n                  calibration: {}\n                savedModelVersion: 1\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"422\":\n          description: Windows that do not fit, or not enough history to calibrate.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                windows:\n                  value:\n                    type: https://ezhili.org/problems/invalid_backtest_windows\n                    title: Unprocessable Content\n                    status: 422\n                    code: invalid_backtest_windows\n                    detail: \"The backtest windows do not fit: train must end before test starts.\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n    get:\n      operationId: listRiskBacktests\n      tags: [risk]\n      summary: Stored backtests, newest first\n      description: >-\n        Summaries of the stored backtests (windows, AUCs, days earlier, warning codes). Roles:\n        `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/Cursor\"\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: A page of backtest summaries.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items, nextCursor]\n                properties:\n                  items:\n                    type: array\n                    items:\n                      $ref: \"#/components/schemas/RiskBacktestSummary\"\n                  nextCursor:\n                    type: [string, \"null\"]\n                additionalProperties: false\n              examples:\n                one:\n                  value:\n                    items:\n                      - id: rbt_01JD8S6K5Z3Y7Q2W4E6R8T0Y2U\n                        createdAt: \"2026-06-01T08:00:00.000Z\"\n                        target: critical\n                        windows:\n                          train: { start: \"2015-02-02\", end: \"2016-06-16\" }\n                          validation: { start: \"2016-06-16\", end: \"2017-02-16\" }\n                          test: { start: \"2017-02-16\", end: \"2018-02-01\" }\n                        calibrated: true\n                        testInspections: 5163\n                        testPositives: 1476\n                        modelAuc: 0.7512\n                        baselineAuc: 0.724\n                        modelDaysEarlier: 56.1\n                        baselineDaysEarlier: 53.5\n                        warnings: []\n                        scoresKept: true\n                    nextCursor: null\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /risk/backtests/{backtestId}:\n    parameters:\n      - $ref: \"#/components/parameters/BacktestId\"\n    get:\n      operationId: getRiskBacktest\n      tags: [risk]\n      summary: One stored backtest, read back in full\n      description: >-\n        The stored result, as `createRiskBacktest` answered it. Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      responses:\n        \"200\":\n          description: The backtest.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/RiskBacktest\"\n              example:\n                id: \"risk_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                splitDate: \"2026-01-05\"\n                target: \"example target\"\n                windows:\n                  train:\n                    start: \"2026-01-05\"\n                    end: \"2026-01-05\"\n                  validation:\n                    start: \"2026-01-05\"\n                    end: \"2026-01-05\"\n                  test:\n                    start: \"2026-01-05\"\n                    end: \"2026-01-05\"\n                calibrated: false\n                trainInspections: 1\n                testInspections: 1\n                testPositives: 1\n                testFirstInspections: 1\n                firstInspectionPolicy: \"example firstInspectionPolicy\"\n                model:\n                  auc: 1\n                  aucCi:\n                    - 1\n                    - 1\n                  hitRateTop10: 1\n                  hitRateTop20: 1\n                  shareFoundFirstHalf: 1\n                  meanDaysEarlier: 1\n                  daysEarlierCi:\n                    - 1\n                    - 1\n                  roc:\n                    - x: 1\n                      y: 1\n                  lift:\n                    - x: 1\n                      y: 1\n                baseline:\n                  auc: 1\n                  aucCi:\n                    - 1\n                    - 1\n                  hitRateTop10: 1\n                  hitRateTop20: 1\n                  shareFoundFirstHalf: 1\n                  meanDaysEarlier: 1\n                  daysEarlierCi:\n                    - 1\n                    - 1\n                  roc:\n                    - x: 1\n                      y: 1\n                  lift:\n                    - x: 1\n                      y: 1\n                random:\n                  auc: 1\n                  aucCi:\n                    - 1\n                    - 1\n                  hitRateTop10: 1\n                  hitRateTop20: 1\n                  shareFoundFirstHalf: 1\n                  meanDaysEarlier: 1\n                  daysEarlierCi:\n                    - 1\n                    - 1\n                  roc:\n                    - x: 1\n                      y: 1\n                  lift:\n                    - x: 1\n                      y: 1\n                gainOverBaseline:\n                  auc: 1\n                  aucCi:\n                    - 1\n                  daysEarlier: 1\n                  daysEarlierCi:\n                    - 1\n                selection:\n                  chosen:\n                    l2: 1\n                    halfLifeDays: 1\n                    minCount: 1\n                  validationAuc: 1\n                  validationBaselineAuc: 1\n                  candidates:\n                    - l2: 1\n                      halfLifeDays: 1\n                      minCount: 1\n                      validationAuc: 1\n                warnings:\n                  - code: \"example code\"\n                    detail: \"example detail\"\n                    indicators:\n                      - \"example indicator\"\n                bootstrapResamples: 1\n                calibratedModel:\n                  name: \"闽江面馆 Minjiang Noodle House\"\n                  description: \"Raw meat stored next to cooked food in the kitchen.\"\n                  intercept: 1\n                  halfLifeDays: 1\n                  indicators:\n                    - indicator: \"critical_recent\"\n                      name: \"past_violations\"\n                      feature:\n                        source: \"shop\"\n                        field: \"example field\"\n                        type: \"numeric\"\n                        aggregate: \"count\"\n                        windowDays: 1\n                        dataset: \"ps-1001\"\n                      levels:\n                        - value: \"example value\"\n                          weight: 1\n                      otherWeight: 1\n                      minCount: 1\n                      weight: 1\n                      transform: \"identity\"\n                      cap: 1\n                      center: 1\n                      scale: 1\n                  tiers:\n                    B: 1\n                    C: 1\n                    D: 1\n                  leadTier: \"A\"\n                  calibration: {}\n                savedModelVersion: 1\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          description: No such backtest.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                missing:\n                  value:\n                    type: https://ezhili.org/problems/risk_backtest_not_found\n                    title: Not Found\n                    status: 404\n                    code: risk_backtest_not_found\n                    detail: No risk backtest rbt_x.\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /risk/backtests/{backtestId}/scores:\n    parameters:\n      - $ref: \"#/components/parameters/BacktestId\"\n    get:\n      operationId: exportRiskBacktestScores\n      tags: [risk]\n      summary: Per-inspection scores of a backtest (CSV or NDJSON)\n      description: |\n        Every test inspection, highest model score first: `recordKey`, `source`, `shopId`,\n        `shopExternalId` (the platform listing id, else the licence number), `date`,\n        `positive`, `score` (full precision), `baseline` (the previous-inspection value;\n        empty without an earlier record) and `rank`. Streamed. The newest 20 backtests keep\n        their scores; older ones answer 404 `risk_backtest_scores_gone`.\n        Roles: `admin`.\n      x-roles: [admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: format\n          in: query\n          required: false\n          schema:\n            type: string\n            enum: [csv, ndjson]\n            default: csv\n      responses:\n        \"200\":\n          description: The scores.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Content-Disposition:\n              $ref: \"#/components/headers/ContentDisposition\"\n          content:\n            text/csv:\n              schema:\n                type: string\n              examples:\n                csv:\n                  value: |\n                    recordKey,source,shopId,shopExternalId,date,positive,score,baseline,rank\n                    1000|20170605|routine,sf-dph,shop_01JD8S,SFDPH-1000,2017-06-05,true,71.23894415,19,1\n            application/x-ndjson:\n              schema:\n                type: string\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /inspection-tasks:\n    get:\n      operationId: listInspectionTasks\n      tags: [inspection-tasks]\n      summary: Inspection tasks of the caller's unit, highest priority first\n      description: |\n        Tasks a risk run made for shops of the caller's unit: a `district_handler` sees those\n        of their district bureau, a `detachment_handler` those of the city enforcement\n        detachment (shops without a district), an `admin` all. Open tasks come by `priority`\n        (1 = inspect first); filter by `status`, `districtCode` and `runId`. A risk score is a\n        reason to look, not a finding.\n        Roles: `district_handler`, `detachment_handler`, `admin`.\n      x-roles: [district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - name: status\n          in: query\n          required: false\n          schema:\n            type: string\n            enum: [open, completed]\n        - name: districtCode\n          in: query\n          required: false\n          schema:\n            $ref: \"#/components/schemas/DistrictCode\"\n        - name: runId\n          in: query\n          required: false\n          schema:\n            type: string\n            maxLength: 64\n        - $ref: \"#/components/parameters/Cursor\"\n        - $ref: \"#/components/parameters/Limit\"\n      responses:\n        \"200\":\n          description: A page of tasks.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items, nextCursor]\n                properties:\n                  items:\n                    type: array\n                    items:\n                      $ref: \"#/components/schemas/InspectionTask\"\n                  nextCursor:\n                    type: [string, \"null\"]\n                additionalProperties: false\n              examples:\n                one:\n                  value:\n                    items:\n                      - id: itask_01JD8S6K5Z3Y7Q2W4E6R8T0Y2U\n                        shopId: shop_demo_2002\n                        shopName: 台江沙县小吃 Taijiang Shaxian Snacks\n                        address: 台江区上下杭 12 号\n                        assignedUnit: district_bureau\n                        districtCode: \"350103\"\n                        riskRunId: rrun_01JD8S6K5Z3Y7Q2W4E6R8T0Y2V\n                        modelVersion: 1\n                        score: 88.1\n                        tier: D\n                        priority: 1\n                        basis: risk_score\n                        explanation:\n                          - { indicator: licence_expired, value: 1, contribution: 1.2 }\n                        status: open\n                        createdAt: \"2026-06-01T08:00:00.000Z\"\n                        completedAt: null\n                        outcome: null\n                        completion: null\n                    nextCursor: null\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /inspection-tasks/{taskId}:\n    parameters:\n      - $ref: \"#/components/parameters/InspectionTaskId\"\n    get:\n      operationId: getInspectionTask\n      tags: [inspection-tasks]\n      summary: One inspection task with its explanation\n      description: >-\n        A task outside the caller's unit is a `404`. Roles: `district_handler`,\n        `detachment_handler`, `admin`.\n      x-roles: [district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      responses:\n        \"200\":\n          description: The task.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/InspectionTask\"\n              example:\n                id: \"itask_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                shopName: \"闽江面馆 Minjiang Noodle House\"\n                address: \"12 Wuyi Road, Gulou District, Fuzhou\"\n                assignedUnit: \"district_bureau\"\n                districtCode: \"350102\"\n                riskRunId: \"risk_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                modelVersion: 1\n                score: 1\n                tier: \"A\"\n                priority: 1\n                basis: \"risk_score\"\n                explanation:\n                  - indicator: \"example indicator\"\n                    value: 1\n                    levels:\n                      - \"example level\"\n                    contribution: 1\n                status: \"open\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                completedAt: \"2026-01-05T08:00:00.000Z\"\n                outcome: \"violation_found\"\n                completion:\n                  inspectedOn: \"2026-01-05\"\n                  critical: 1\n                  serious: 1\n                  minor: 1\n                  note: \"Checked the licence on file; it expired in 2025.\"\n                  inspectionRecorded: false\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          description: No such task in the caller's unit.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                missing:\n                  value:\n                    type: https://ezhili.org/problems/inspection_task_not_found\n                    title: Not Found\n                    status: 404\n                    code: inspection_task_not_found\n                    detail: No inspection task itask_x.\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\n  /inspection-tasks/{taskId}/completion:\n    parameters:\n      - $ref: \"#/components/parameters/InspectionTaskId\"\n    post:\n      operationId: completeInspectionTask\n      tags: [inspection-tasks]\n      summary: Complete an inspection task with the inspection's outcome\n      description: |\n        Records what the inspection found. An inspection that took place (`violation_found`,\n        `no_violation`) is also stored as an inspection record (source `inspection-task`), so\n        the next calibration learns from it. A violation found here is not yet a take-down\n        lead: open a case and close it with a confirmed violation for that. Completing a\n        completed task is a `409`.\n        Roles: `district_handler`, `detachment_handler`, `admin`.\n      x-roles: [district_handler, detachment_handler, admin]\n      security:\n        - staffBearer: []\n      parameters:\n        - $ref: \"#/components/parameters/IdempotencyKey\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/InspectionTaskCompletion\"\n            examples:\n              found:\n                value:\n                  {\n                    outcome: violation_found,\n                    inspectedOn: \"2026-06-03\",\n                    critical: 1,\n                    serious: 2,\n                    minor: 0,\n                    note: Cold chain broken.,\n                  }\n      responses:\n        \"200\":\n          description: The completed task.\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Idempotent-Replayed:\n              $ref: \"#/components/headers/IdempotentReplayed\"\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/InspectionTask\"\n              example:\n                id: \"itask_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                shopId: \"shop_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                shopName: \"闽江面馆 Minjiang Noodle House\"\n                address: \"12 Wuyi Road, Gulou District, Fuzhou\"\n                assignedUnit: \"district_bureau\"\n                districtCode: \"350102\"\n                riskRunId: \"risk_01kdx3r8n0m2v4q6s8t0w2y4z6\"\n                modelVersion: 1\n                score: 1\n                tier: \"A\"\n                priority: 1\n                basis: \"risk_score\"\n                explanation:\n                  - indicator: \"example indicator\"\n                    value: 1\n                    levels:\n                      - \"example level\"\n                    contribution: 1\n                status: \"open\"\n                createdAt: \"2026-01-05T08:00:00.000Z\"\n                completedAt: \"2026-01-05T08:00:00.000Z\"\n                outcome: \"violation_found\"\n                completion:\n                  inspectedOn: \"2026-01-05\"\n                  critical: 1\n                  serious: 1\n                  minor: 1\n                  note: \"Checked the licence on file; it expired in 2025.\"\n                  inspectionRecorded: false\n        \"400\":\n          $ref: \"#/components/responses/BadRequest\"\n        \"401\":\n          $ref: \"#/components/responses/Unauthorized\"\n        \"403\":\n          $ref: \"#/components/responses/Forbidden\"\n        \"404\":\n          $ref: \"#/components/responses/NotFound\"\n        \"409\":\n          description: The task is already completed. (Or `idempotency_in_progress`, with `Retry-After`.)\n          headers:\n            X-Request-Id:\n              $ref: \"#/components/headers/RequestId\"\n            Retry-After:\n              $ref: \"#/components/headers/RetryAfter\"\n          content:\n            application/problem+json:\n              schema:\n                $ref: \"#/components/schemas/Problem\"\n              examples:\n                done:\n                  value:\n                    type: https://ezhili.org/problems/inspection_task_completed\n                    title: Conflict\n                    status: 409\n                    code: inspection_task_completed\n                    detail: The inspection task is already completed.\n        \"4XX\":\n          $ref: \"#/components/responses/ClientError\"\n        default:\n          $ref: \"#/components/responses/Problem\"\nwebhooks:\n  leadCreated:\n    post:\n      operationId: leadCreatedWebhook\n      tags: [leads]\n      summary: \"`lead.created`: a lead for the platform (sent to its webhook URL)\"\n      description: |\n        Standard Webhooks delivery, signed `v1a` (Ed25519 over\n        `<webhook-id>.<webhook-timestamp>.<body>`) with the regulator's key from\n        `/.well-known/jwks.json`. Answer 2xx once stored; anything else is retried with\n        backoff for more than 24 hours; `410` disables the endpoint. De-duplicate on `webhook-id`.\n      security: []\n      parameters:\n        - $ref: \"#/components/parameters/WebhookId\"\n        - $ref: \"#/components/parameters/WebhookTimestamp\"\n        - $ref: \"#/components/parameters/WebhookSignature\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/LeadCreatedEvent\"\n      responses:\n        \"2XX\":\n          description: Received.\n        \"410\":\n          description: The endpoint is gone; the regulator stops sending until staff re-enable it.\n        default:\n          description: Not received; the regulator retries.\n  relistingDecided:\n    post:\n      operationId: relistingDecidedWebhook\n      tags: [relisting]\n      summary: \"`relisting.decided`: the regulator approved or rejected a relisting request\"\n      security: []\n      parameters:\n        - $ref: \"#/components/parameters/WebhookId\"\n        - $ref: \"#/components/parameters/WebhookTimestamp\"\n        - $ref: \"#/components/parameters/WebhookSignature\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/RelistingDecidedEvent\"\n      responses:\n        \"2XX\":\n          description: Received.\n        default:\n          description: Not received; the regulator retries.\n  cardIssued:\n    post:\n      operationId: cardIssuedWebhook\n      tags: [scorecards]\n      summary: \"`card.issued`: a yellow or red card for the platform\"\n      security: []\n      parameters:\n        - $ref: \"#/components/parameters/WebhookId\"\n        - $ref: \"#/components/parameters/WebhookTimestamp\"\n        - $ref: \"#/components/parameters/WebhookSignature\"\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: \"#/components/schemas/CardIssuedEvent\"\n      responses:\n        \"2XX\":\n          description: Received.\n        default:\n          description: Not received; the regulator retries.\ncomponents:\n  securitySchemes:\n    staffBearer:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\n      description: |\n        A staff token from `createStaffSession` (HS256, short-lived), or in OIDC mode a\n        token from the deployment's identity provider, verified through its JWKS.\n    consoleSession:\n      type: apiKey\n      in: cookie\n      name: ezhili_console\n      description: |\n        The console's session cookie from `createConsoleSession` (or the OIDC sign-in), sent\n        by the browser to `/console/api/...` only. Every staff operation accepts it there as\n        an alternative to `staffBearer`; unsafe methods also need `X-Ezhili-CSRF` and a\n        same-origin `Origin`. Every answer to a cookie-authenticated request carries\n        `Ezhili-Session-Expires-In` (seconds until the session expires if idle; see\n        `components/headers/SessionExpiresIn`), which is why no operation repeats it. See\n        `docs/console-sessions.md`.\n    reporterSession:\n      type: http\n      scheme: bearer\n      bearerFormat: opaque\n      description: A reporter session token from `createReporterSession`.\n    platformSignature:\n      type: apiKey\n      in: header\n      name: Ezhili-Signature\n      description: |\n        A detached JWS (RFC 7797, `b64: false`, `crit: [\"b64\"]`) over the exact raw\n        request body, with protected `kid`, `iss` (the platform id), `iat`, `jti`,\n        `htm` (method) and `htu` (path and query), signed with EdDSA (Ed25519) or ES256\n        by a key in the platform's JWKS. Compact form with an empty payload:\n        `<protected>..<signature>`; see `docs/platform-integration.md`.\n  parameters:\n    InspectionTaskId:\n      name: taskId\n      in: path\n      required: true\n      schema:\n        type: string\n        maxLength: 64\n    BacktestId:\n      name: backtestId\n      in: path\n      required: true\n      schema:\n        type: string\n        maxLength: 64\n    IdentityCodeHeader:\n      name: Ezhili-Identity-Code\n      in: header\n      required: true\n      description: The tip's identity code, e.g. `FZ-7K3M-Q9XD-K` (kept out of URLs so it stays out of access logs).\n      schema:\n        $ref: \"#/components/schemas/IdentityCode\"\n    ReceiptSecretHeader:\n      name: Ezhili-Receipt-Secret\n      in: header\n      required: false\n      description: |\n        The receipt secret shown once at submission. Required unless the caller sends the\n        reporter session that submitted (or later claimed) the tip.\n      schema:\n        type: string\n        minLength: 1\n        maxLength: 128\n    CaseId:\n      name: caseId\n      in: path\n      required: true\n      schema:\n        type: string\n        pattern: \"^case_[0-9a-z]{26}$\"\n    EvidenceId:\n      name: evidenceId\n      in: path\n      required: true\n      schema:\n        type: string\n        pattern: \"^[a-z]+_[0-9a-z]{26}$\"\n    PartnerId:\n      name: partnerId\n      in: path\n      required: true\n      schema:\n        $ref: \"#/components/schemas/PartnerIdValue\"\n    IdempotencyKey:\n      name: Idempotency-Key\n      in: header\n      required: false\n      description: |\n        A unique key (1–255 printable ASCII characters) per logical operation, scoped to the\n        caller, the operation and the path, kept 24 hours. A retry with the same key and the same\n        body (compared by its SHA-256) returns the first successful response with\n        `Idempotent-Replayed: true`; the same key with another body is\n        `409 idempotency_key_reused`, and while the first request still runs\n        `409 idempotency_in_progress`. A JSON body is always compared; only a streamed\n        `multipart/form-data` body (tips and reporter replies with files), which is never\n        buffered, matches on the key alone. Error responses are not stored: a retry after one runs\n        again. See `docs/errors.md#idempotency`.\n      schema:\n        type: string\n        minLength: 1\n        maxLength: 255\n        pattern: '^[\\x21-\\x7E]+$'\n    Cursor:\n      name: cursor\n      in: query\n      required: false\n      description: |\n        Opaque cursor: a previous page's `nextCursor` of the same list, sent back unchanged. Any\n        other value (made up, an id, another list's cursor) is refused with `400 invalid_cursor`.\n      schema:\n        type: string\n        maxLength: 512\n    Limit:\n      name: limit\n      in: query\n      required: false\n      schema:\n        type: integer\n        minimum: 1\n        maximum: 500\n        default: 50\n    PlatformId:\n      name: platformId\n      in: path\n      required: true\n      schema:\n        type: string\n        maxLength: 64\n    LeadId:\n      name: leadId\n      in: path\n      required: true\n      schema:\n        type: string\n        maxLength: 64\n    RelistingRequestId:\n      name: requestId\n      in: path\n      required: true\n      schema:\n        type: string\n        maxLength: 64\n    WebhookId:\n      name: webhook-id\n      in: header\n      required: true\n      description: The message id; the same on every retry of one message.\n      schema:\n        type: string\n    WebhookTimestamp:\n      name: webhook-timestamp\n      in: header\n      required: true\n      description: Unix seconds of this attempt; refuse it when more than 300 s from your clock.\n      schema:\n        type: string\n        pattern: \"^[0-9]+$\"\n    WebhookSignature:\n      name: webhook-signature\n      in: header\n      required: true\n      description: Space-separated `v1a,<base64 Ed25519 signature>` entries.\n      schema:\n        type: string\n    RewardClaimId:\n      name: claimId\n      in: path\n      required: true\n      schema:\n        type: string\n        pattern: \"^rwc_[0-9a-z]{26}$\"\n    UnsealRequestId:\n      name: unsealRequestId\n      in: path\n      required: true\n      schema:\n        type: string\n        pattern: \"^unseal_[0-9a-z]{26}$\"\n    UnsealKeyHeader:\n      name: Ezhili-Unseal-Key\n      in: header\n      required: false\n      description: The one-time key from `createUnsealRequest`; only its holder can open the result, once.\n      schema:\n        type: string\n        minLength: 43\n        maxLength: 64\n        pattern: \"^[A-Za-z0-9_-]+$\"\n  headers:\n    CacheControl:\n      schema:\n        type: string\n    RequestId:\n      description: The request's id (the client's `X-Request-Id` if it sent a valid one), also in problem documents as `requestId` and in the server's log.\n      schema:\n        type: string\n        maxLength: 200\n    IdempotentReplayed:\n      description: \"`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`; absent otherwise.\"\n      schema:\n        type: string\n        enum: [\"true\"]\n    ContentDisposition:\n      description: \"`attachment` with a file name, for downloads.\"\n      schema:\n        type: string\n    Location:\n      description: Where to go next.\n      schema:\n        type: string\n    SessionExpiresIn:\n      description: |\n        Seconds until the console session expires if idle (capped by its absolute expiry);\n        on every cookie-authenticated response.\n      schema:\n        type: integer\n        minimum: 0\n    RetryAfter:\n      description: \"Seconds to wait before retrying: on `429 rate_limited`, `409 idempotency_in_progress` and `503 platform_keys_unavailable`.\"\n      schema:\n        type: integer\n        minimum: 0\n  responses:\n    BadRequest:\n      description: \"The request does not match the contract (a field, a parameter or the JSON itself).\"\n      headers:\n        X-Request-Id:\n          $ref: \"#/components/headers/RequestId\"\n      content:\n        application/problem+json:\n          schema:\n            $ref: \"#/components/schemas/Problem\"\n          example:\n            type: \"https://ezhili.org/problems/validation\"\n            title: Bad request\n            status: 400\n            code: validation\n            detail: \"The request does not match the contract.\"\n            instance: /cases\n            requestId: 5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\n            errors:\n              - pointer: \"#/query/limit\"\n                detail: must be <= 500\n    Unauthorized:\n      description: \"No valid credentials: a missing, expired or forged token or signature.\"\n      headers:\n        X-Request-Id:\n          $ref: \"#/components/headers/RequestId\"\n      content:\n        application/problem+json:\n          schema:\n            $ref: \"#/components/schemas/Problem\"\n          example:\n            type: \"https://ezhili.org/problems/unauthenticated\"\n            title: Unauthorized\n            status: 401\n            code: unauthenticated\n            detail: \"Send a staff token as `Authorization: Bearer <token>`.\"\n            instance: /cases\n            requestId: 5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\n    Forbidden:\n      description: \"Authenticated, but the caller's roles (`x-roles`) or scope do not allow this.\"\n      headers:\n        X-Request-Id:\n          $ref: \"#/components/headers/RequestId\"\n      content:\n        application/problem+json:\n          schema:\n            $ref: \"#/components/schemas/Problem\"\n          example:\n            type: \"https://ezhili.org/problems/forbidden\"\n            title: Forbidden\n            status: 403\n            code: forbidden\n            detail: \"This operation needs one of these roles: admin.\"\n            instance: /platforms\n            requestId: 5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\n    NotFound:\n      description: 'No such resource, or one outside the caller''s unit (never \"forbidden\", so ids cannot be probed).'\n      headers:\n        X-Request-Id:\n          $ref: \"#/components/headers/RequestId\"\n      content:\n        application/problem+json:\n          schema:\n            $ref: \"#/components/schemas/Problem\"\n          example:\n            type: \"https://ezhili.org/problems/not_found\"\n            title: Not found\n            status: 404\n            code: not_found\n            detail: \"No such resource.\"\n            instance: /cases/case_01kdx3r8n0m2v4q6s8t0w2y4z6\n            requestId: 5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\n    ClientError:\n      description: \"A client error (4xx) as an RFC 9457 problem; `code` says which (docs/errors.md).\"\n      headers:\n        X-Request-Id:\n          $ref: \"#/components/headers/RequestId\"\n        Retry-After:\n          $ref: \"#/components/headers/RetryAfter\"\n      content:\n        application/problem+json:\n          schema:\n            $ref: \"#/components/schemas/Problem\"\n          example:\n            type: \"https://ezhili.org/problems/validation\"\n            title: Bad request\n            status: 400\n            code: validation\n            detail: \"The request does not match the contract.\"\n            instance: /cases\n            requestId: 5d0c6c1e-0a43-4b5e-9d2f-3c1f3b7b8a10\n            errors:\n              - pointer: \"#/query/limit\"\n                detail: must be <= 500\n    Problem:\n      description: An RFC 9457 problem document.\n      headers:\n        X-Request-Id:\n          $ref: \"#/components/headers/RequestId\"\n        Retry-After:\n          $ref: \"#/components/headers/RetryAfter\"\n      content:\n        application/problem+json:\n          schema:\n            $ref: \"#/components/schemas/Problem\"\n    TooManyRequests:\n      description: Too many attempts; retry after the given number of seconds.\n      headers:\n        Retry-After:\n          $ref: \"#/components/headers/RetryAfter\"\n        X-Request-Id:\n          $ref: \"#/components/headers/RequestId\"\n      content:\n        application/problem+json:\n          schema:\n            $ref: \"#/components/schemas/Problem\"\n  schemas:\n    Problem:\n      type: object\n      description: RFC 9457 problem details. Never carries personal data or stack traces.\n      required: [type, title, status]\n      properties:\n        type:\n          type: string\n          description: A URI reference naming the problem type (see `docs/errors.md`).\n          examples: [\"https://ezhili.org/problems/validation\"]\n        title:\n          type: string\n        status:\n          type: integer\n          minimum: 400\n          maximum: 599\n        detail:\n          type: string\n        instance:\n          type: string\n        code:\n          type: string\n          description: A stable machine-readable code, e.g. `validation`, `not_found`.\n        requestId:\n          type: string\n          description: The `X-Request-Id` of the request, for support.\n        errors:\n          type: array\n          description: Individual validation failures.\n          items:\n            $ref: \"#/components/schemas/ProblemFieldError\"\n      additionalProperties: true\n    ProblemFieldError:\n      type: object\n      required: [pointer, detail]\n      properties:\n        pointer:\n          type: string\n          description: JSON Pointer (or `#/query/x`, `#/header/x`, `#/row/N`) to the bad value.\n        detail:\n          type: string\n      additionalProperties: false\n    OpenApiDocument:\n      type: object\n      description: An OpenAPI 3.1 document (this contract); its full shape is the OpenAPI specification's.\n      required: [openapi, info, paths]\n      properties:\n        openapi:\n          type: string\n          pattern: \"^3\\\\.1\\\\.\"\n        info:\n          type: object\n          required: [title, version]\n          properties:\n            title:\n              type: string\n            version:\n              type: string\n          additionalProperties: true\n        paths:\n          type: object\n          additionalProperties: true\n      additionalProperties: true\n    Health:\n      type: object\n      required: [status, database, version, time]\n      properties:\n        status:\n          type: string\n          enum: [ok, degraded]\n        database:\n          type: string\n          enum: [ok, unreachable]\n        version:\n          type: string\n        time:\n          type: string\n          format: date-time\n      additionalProperties: false\n    Jwk:\n      type: object\n      required: [kty, kid]\n      properties:\n        kty:\n          type: string\n        kid:\n          type: string\n        crv:\n          type: string\n        x:\n          type: string\n        y:\n          type: string\n        n:\n          type: string\n        e:\n          type: string\n        alg:\n          type: string\n        use:\n          type: string\n      additionalProperties: true\n    Jwks:\n      type: object\n      required: [keys]\n      properties:\n        keys:\n          type: array\n          minItems: 1\n          items:\n            $ref: \"#/components/schemas/Jwk\"\n      additionalProperties: false\n    DistrictCode:\n      type: string\n      description: A six-digit administrative division code (GB/T 2260), e.g. `350102` (Gulou, Fuzhou).\n      pattern: \"^[0-9]{6}$\"\n    District:\n      type: object\n      required: [code, nameZh, nameEn, cityCode]\n      properties:\n        code:\n          $ref: \"#/components/schemas/DistrictCode\"\n        nameZh:\n          type: string\n        nameEn:\n          type: string\n        cityCode:\n          $ref: \"#/components/schemas/DistrictCode\"\n      additionalProperties: false\n    StaffRole:\n      type: string\n      enum:\n        - intake\n        - district_handler\n        - detachment_handler\n        - reward_committee\n        - finance\n        - auditor\n        - admin\n    StaffLogin:\n      type: object\n      required: [email, password]\n      properties:\n        email:\n          type: string\n          format: email\n          maxLength: 254\n        password:\n          type: string\n          minLength: 1\n          maxLength: 1024\n      additionalProperties: false\n    StaffSession:\n      type: object\n      required: [token, tokenType, expiresAt, staff]\n      properties:\n        token:\n          type: string\n        tokenType:\n          type: string\n          const: Bearer\n        expiresAt:\n          type: string\n          format: date-time\n        staff:\n          $ref: \"#/components/schemas/StaffMember\"\n      additionalProperties: false\n    ConsoleSession:\n      type: object\n      description: A console (cookie) session; the token itself is never in a body.\n      required: [staff, csrfToken, source, idleTimeoutSeconds, idleExpiresAt, expiresAt]\n      properties:\n        staff:\n          $ref: \"#/components/schemas/StaffMember\"\n        csrfToken:\n          type: string\n          description: Send it in `X-Ezhili-CSRF` with every unsafe cookie-authenticated request.\n          maxLength: 64\n        source:\n          type: string\n          enum: [local, oidc]\n          description: How the session was opened (password or the identity provider).\n        idleTimeoutSeconds:\n          type: integer\n          minimum: 1\n        idleExpiresAt:\n          type: string\n          format: date-time\n          description: When the session ends without further requests (never after `expiresAt`).\n        expiresAt:\n          type: string\n          format: date-time\n          description: The absolute end of the session, whatever the activity.\n      additionalProperties: false\n    StaffMember:\n      type: object\n      required: [id, email, displayName, roles, districtCode]\n      properties:\n        id:\n          type: string\n        email:\n          type: string\n        displayName:\n          type: string\n        roles:\n          type: array\n          items:\n            $ref: \"#/components/schemas/StaffRole\"\n        districtCode:\n          description: The district a `district_handler` is bound to; null otherwise.\n          oneOf:\n            - $ref: \"#/components/schemas/DistrictCode\"\n            - type: \"null\"\n      additionalProperties: false\n    ReporterRealName:\n      type: string\n      minLength: 1\n      maxLength: 100\n    ResidentIdNumber:\n      type: string\n      description: |\n        An 18-character resident ID number (GB 11643): 17 digits and a check character\n        (0-9 or X, ISO 7064 MOD 11-2), with a valid birth date. A lowercase x is accepted.\n      pattern: \"^[0-9]{17}[0-9Xx]$\"\n    MainlandMobile:\n      type: string\n      description: A mainland China mobile number; spaces, hyphens and a +86 prefix are accepted.\n      minLength: 11\n      maxLength: 20\n    BankAccount:\n      type: object\n      required: [bankName, accountNumber, accountName]\n      properties:\n        bankName:\n          type: string\n          minLength: 1\n          maxLength: 100\n        accountNumber:\n          type: string\n          description: 8 to 30 digits (spaces and hyphens are ignored).\n          minLength: 8\n          maxLength: 40\n        accountName:\n          type: string\n          description: The account holder; a payout requires it to equal the real name.\n          minLength: 1\n          maxLength: 100\n      additionalProperties: false\n    ReporterRegistration:\n      type: object\n      required: [realName, residentId, phone, bankAccount, passphrase]\n      properties:\n        realName:\n          $ref: \"#/components/schemas/ReporterRealName\"\n        residentId:\n          $ref: \"#/components/schemas/ResidentIdNumber\"\n        phone:\n          $ref: \"#/components/schemas/MainlandMobile\"\n        bankAccount:\n          $ref: \"#/components/schemas/BankAccount\"\n        passphrase:\n          type: string\n          minLength: 8\n          maxLength: 1024\n      additionalProperties: false\n    ReporterLogin:\n      type: object\n      required: [phone, passphrase]\n      properties:\n        phone:\n          type: string\n          minLength: 1\n          maxLength: 20\n        passphrase:\n          type: string\n          minLength: 1\n          maxLength: 1024\n      additionalProperties: false\n    ReporterSession:\n      type: object\n      required: [token, tokenType, expiresAt]\n      properties:\n        token:\n          type: string\n          description: \"Opaque; only its hash is stored. Send it as `Authorization: Bearer <token>`.\"\n        tokenType:\n          type: string\n          const: Bearer\n        expiresAt:\n          type: string\n          format: date-time\n      additionalProperties: false\n    ReporterProfile:\n      type: object\n      required: [realName, residentId, phone, bankAccount, registeredAt, updatedAt]\n      properties:\n        realName:\n          type: string\n        residentId:\n          type: string\n        phone:\n          type: string\n        bankAccount:\n          $ref: \"#/components/schemas/BankAccount\"\n        registeredAt:\n          type: string\n          format: date-time\n        updatedAt:\n          type: string\n          format: date-time\n      additionalProperties: false\n    ReporterProfileUpdate:\n      type: object\n      required: [currentPassphrase]\n      minProperties: 2\n      properties:\n        currentPassphrase:\n          type: string\n          minLength: 1\n          maxLength: 1024\n        realName:\n          $ref: \"#/components/schemas/ReporterRealName\"\n        residentId:\n          $ref: \"#/components/schemas/ResidentIdNumber\"\n        phone:\n          $ref: \"#/components/schemas/MainlandMobile\"\n        bankAccount:\n          type: object\n          description: The fields to change; the others stay.\n          minProperties: 1\n          properties:\n            bankName:\n              type: string\n              minLength: 1\n              maxLength: 100\n            accountNumber:\n              type: string\n              minLength: 8\n              maxLength: 40\n            accountName:\n              type: string\n              minLength: 1\n              maxLength: 100\n          additionalProperties: false\n        newPassphrase:\n          type: string\n          minLength: 8\n          maxLength: 1024\n      additionalProperties: false\n    PartnerIdValue:\n      type: string\n      description: A partner's short name, lower-case letters, digits and hyphens, e.g. `demo`.\n      pattern: \"^[a-z0-9][a-z0-9-]{1,62}$\"\n    OriginPattern:\n      type: string\n      description: |\n        A web origin allowed to frame the widget: `https://host[:port]`, `https://*.example.com`\n        (any subdomain), or `http://localhost:*` / `http://127.0.0.1:*` for development.\n      maxLength: 255\n      pattern: \"^https?://(\\\\*\\\\.)?[A-Za-z0-9.-]+(:([0-9]{1,5}|\\\\*))?$\"\n      examples: [\"https://app.example-employer.cn\", \"http://localhost:*\"]\n    Partner:\n      type: object\n      required: [id, name, allowedOrigins, enabled, createdAt, updatedAt]\n      properties:\n        id:\n          $ref: \"#/components/schemas/PartnerIdValue\"\n        name:\n          type: string\n        allowedOrigins:\n          type: array\n          items:\n            $ref: \"#/components/schemas/OriginPattern\"\n        enabled:\n          type: boolean\n        createdAt:\n          type: string\n          format: date-time\n        updatedAt:\n          type: string\n          format: date-time\n      additionalProperties: false\n    PartnerRegistration:\n      type: object\n      required: [id, name, allowedOrigins]\n      properties:\n        id:\n          $ref: \"#/components/schemas/PartnerIdValue\"\n        name:\n          type: string\n          minLength: 1\n          maxLength: 200\n        allowedOrigins:\n          type: array\n          minItems: 1\n          maxItems: 20\n          uniqueItems: true\n          items:\n            $ref: \"#/components/schemas/OriginPattern\"\n      additionalProperties: false\n    PartnerUpdate:\n      type: object\n      minProperties: 1\n      properties:\n        name:\n          type: string\n          minLength: 1\n          maxLength: 200\n        allowedOrigins:\n          type: array\n          minItems: 1\n          maxItems: 20\n          uniqueItems: true\n          items:\n            $ref: \"#/components/schemas/OriginPattern\"\n        enabled:\n          type: boolean\n      additionalProperties: false\n    IdentityCode:\n      type: string\n      description: |\n        A tip's identity code: a prefix, eight random Crockford base32 characters in two\n        groups, and a mod-37 check character, e.g. `FZ-7K3M-Q9XD-K`. It stands in for the\n        reporter everywhere staff look.\n      pattern: \"^[A-Z0-9]{1,6}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-Z*~$=]$\"\n      examples: [\"FZ-7K3M-Q9XD-K\"]\n    ViolationCategory:\n      type: string\n      description: |\n        A violation category from the deployment's configured list (`TIP_CATEGORIES`);\n        the defaults are `no_valid_licence`, `unhygienic_kitchen`, `expired_or_spoiled_ingredients`,\n        `illegal_additives`, `false_advertising`, `unsafe_delivery_packaging`, `other`.\n      pattern: \"^[a-z][a-z0-9_]{1,63}$\"\n    TipShop:\n      description: |\n        The shop, by platform and the platform's shop id (`TipShopOnPlatform`), or by name and\n        address as the reporter knows them (`TipShopByAddress`); both may be given.\n      anyOf:\n        - $ref: \"#/components/schemas/TipShopOnPlatform\"\n        - $ref: \"#/components/schemas/TipShopByAddress\"\n    TipShopOnPlatform:\n      type: object\n      description: A shop named by its platform and the platform's shop id; name and address may be added.\n      required: [platformId, platformShopId]\n      properties:\n        platformId:\n          type: string\n          minLength: 1\n          maxLength: 64\n          description: The id of the delivery platform the shop trades on, e.g. `plt_demo`.\n        platformShopId:\n          type: string\n          minLength: 1\n          maxLength: 128\n          description: The shop's id on that platform.\n        name:\n          type: string\n          minLength: 1\n          maxLength: 200\n        address:\n          type: string\n          minLength: 1\n          maxLength: 500\n      additionalProperties: false\n    TipShopByAddress:\n      type: object\n      description: A shop named by name and address as the reporter knows them; the platform ids may be added.\n      required: [name, address]\n      properties:\n        platformId:\n          type: string\n          minLength: 1\n          maxLength: 64\n          description: The id of the delivery platform the shop trades on, e.g. `plt_demo`.\n        platformShopId:\n          type: string\n          minLength: 1\n          maxLength: 128\n          description: The shop's id on that platform.\n        name:\n          type: string\n          minLength: 1\n          maxLength: 200\n        address:\n          type: string\n          minLength: 1\n          maxLength: 500\n      additionalProperties: false\n    TipSubmission:\n      type: object\n      required: [description, shop, districtCode, category, observedAt]\n      properties:\n        description:\n          type: string\n          minLength: 1\n          maxLength: 10000\n          pattern: \"\\\\S\"\n          description: What was seen; must not be blank.\n        shop:\n          $ref: \"#/components/schemas/TipShop\"\n        districtCode:\n          $ref: \"#/components/schemas/DistrictCode\"\n        category:\n          $ref: \"#/components/schemas/ViolationCategory\"\n        observedAt:\n          type: string\n          format: date-time\n        insider:\n          type: boolean\n          default: false\n          description: The reporter works (or worked) at the shop; raises the reward multiplier under some rules.\n        referral:\n          $ref: \"#/components/schemas/TipReferral\"\n      additionalProperties: false\n    TipSubmissionMultipart:\n      type: object\n      required: [tip]\n      properties:\n        tip:\n          description: A `TipSubmission` as JSON text.\n          type: string\n        evidence:\n          type: array\n          description: Photos (JPEG, PNG, WebP, HEIC) or videos (MP4, MOV); the type is sniffed from the bytes.\n          items:\n            type: string\n            contentMediaType: application/octet-stream\n    EvidenceSummary:\n      type: object\n      required: [id, contentType, size, sha256]\n      properties:\n        id:\n          type: string\n        contentType:\n          type: string\n        size:\n          type: integer\n          minimum: 0\n        sha256:\n          type: string\n          pattern: \"^[0-9a-f]{64}$\"\n          description: |\n            SHA-256 of the stored file, after metadata stripping; of the redacted photo once\n            `redaction` is set (what `getEvidenceFile` returns).\n        redaction:\n          description: Set in staff views once the photo was redacted; the file is then the redacted one.\n          type: object\n          required: [id, version, createdAt]\n          properties:\n            id:\n              type: string\n            version:\n              type: integer\n              minimum: 1\n            createdAt:\n              type: string\n              format: date-time\n          additionalProperties: false\n      additionalProperties: false\n    TipDeadlines:\n      type: object\n      required: [acknowledgeBy, feedbackBy, acknowledgedAt, feedbackGivenAt]\n      properties:\n        acknowledgeBy:\n          type: string\n          format: date-time\n        feedbackBy:\n          type: string\n          format: date-time\n        acknowledgedAt:\n          type: [string, \"null\"]\n          format: date-time\n        feedbackGivenAt:\n          type: [string, \"null\"]\n          format: date-time\n      additionalProperties: false\n    TipReceipt:\n      type: object\n      required: [identityCode, receiptSecret, receipt, submittedAt, evidence, deadlines]\n      properties:\n        identityCode:\n          $ref: \"#/components/schemas/IdentityCode\"\n        receiptSecret:\n          type: string\n          description: Shown only in this response; only its hash is stored. Keep it with the identity code.\n        receipt:\n          type: string\n          description: |\n            A compact JWS (EdDSA, `typ: ezhili-tip-receipt+jwt`) signed by the regulator over\n            `{ iss, identityCode, submittedAt, descriptionSha256, evidence: [{ sha256, size, contentType }] }`;\n            verify it with `/.well-known/jwks.json`.\n        submittedAt:\n          type: string\n          format: date-time\n        evidence:\n          type: array\n          items:\n            $ref: \"#/components/schemas/EvidenceSummary\"\n        deadlines:\n          $ref: \"#/components/schemas/TipDeadlines\"\n      additionalProperties: false\n    CaseState:\n      type: string\n      enum: [received, triaged, investigating, closed]\n    CaseOutcome:\n      type: string\n      description: |\n        How a closed case ended: `violation_confirmed` (with a penalty), `not_confirmed`,\n        `referred` (to another authority), or at triage `rejected` (unfounded or out of\n        scope) or `duplicate` (merged into another case).\n      enum: [violation_confirmed, not_confirmed, referred, rejected, duplicate]\n    CaseUnit:\n      type: string\n      description: \"Who holds the case: the intake queue, a district bureau, or the city enforcement detachment.\"\n      enum: [intake, district_bureau, enforcement_detachment]\n    Message:\n      type: object\n      required: [id, from, body, sentAt, attachments]\n      properties:\n        id:\n          type: string\n        from:\n          type: string\n          enum: [reporter, handler]\n        body:\n          type: string\n        sentAt:\n          type: string\n          format: date-time\n        attachments:\n          type: array\n          description: Files sent with the message (reporter replies only), in order; never their names.\n          items:\n            $ref: \"#/components/schemas/MessageAttachment\"\n      additionalProperties: false\n    MessageAttachment:\n      type: object\n      required: [kind, size]\n      properties:\n        kind:\n          type: string\n          enum: [photo, video]\n        size:\n          type: integer\n          minimum: 0\n          description: Bytes of the stored file, after metadata stripping.\n      additionalProperties: false\n    CaseMessage:\n      description: A message as staff see it on the case; attachments name their evidence files.\n      type: object\n      required: [id, from, body, sentAt, attachments]\n      properties:\n        id:\n          type: string\n        from:\n          type: string\n          enum: [reporter, handler]\n        body:\n          type: string\n        sentAt:\n          type: string\n          format: date-time\n        attachments:\n          type: array\n          items:\n            $ref: \"#/components/schemas/CaseMessageAttachment\"\n      additionalProperties: false\n    CaseMessageAttachment:\n      type: object\n      required: [evidenceId, kind, contentType, size, sha256]\n      properties:\n        evidenceId:\n          type: string\n          description: An evidence file of the case; download it with `getEvidenceFile`.\n        kind:\n          type: string\n          enum: [photo, video]\n        contentType:\n          type: string\n        size:\n          type: integer\n          minimum: 0\n        sha256:\n          type: string\n          pattern: \"^[0-9a-f]{64}$\"\n      additionalProperties: false\n    MessageList:\n      type: object\n      required: [items]\n      properties:\n        items:\n          type: array\n          items:\n            $ref: \"#/components/schemas/Message\"\n      additionalProperties: false\n    NewMessage:\n      type: object\n      required: [body]\n      properties:\n        body:\n          type: string\n          minLength: 1\n          maxLength: 5000\n          pattern: \"\\\\S\"\n      additionalProperties: false\n    NewMessageMultipart:\n      type: object\n      required: [message]\n      properties:\n        message:\n          description: A `NewMessage` as JSON text.\n          type: string\n        evidence:\n          type: array\n          description: Photos (JPEG, PNG, WebP, HEIC) or videos (MP4, MOV); the type is sniffed from the bytes.\n          items:\n            type: string\n            contentMediaType: application/octet-stream\n    TipView:\n      type: object\n      required:\n        [\n          identityCode,\n          status,\n          outcome,\n          submittedAt,\n          category,\n          districtCode,\n          deadlines,\n          messages,\n          reward,\n          identityAccessNotices,\n        ]\n      properties:\n        identityCode:\n          $ref: \"#/components/schemas/IdentityCode\"\n        status:\n          $ref: \"#/components/schemas/CaseState\"\n        outcome:\n          oneOf:\n            - $ref: \"#/components/schemas/CaseOutcome\"\n            - type: \"null\"\n        submittedAt:\n          type: string\n          format: date-time\n        category:\n          $ref: \"#/components/schemas/ViolationCategory\"\n        districtCode:\n          $ref: \"#/components/schemas/DistrictCode\"\n        deadlines:\n          $ref: \"#/components/schemas/TipDeadlines\"\n        messages:\n          type: array\n          items:\n            $ref: \"#/components/schemas/Message\"\n        reward:\n          description: The reward state once the case closed with a confirmed violation (filled by the rewards module); null before.\n          oneOf:\n            - $ref: \"#/components/schemas/ReporterRewardState\"\n            - type: \"null\"\n        identityAccessNotices:\n          type: array\n          description: Each time the reporter's sealed identity was opened, when and why (EU 2019/1937 Art. 16).\n          items:\n            $ref: \"#/components/schemas/IdentityAccessNotice\"\n      additionalProperties: false\n    CaseShop:\n      type: object\n      required: [shopId, platformId, platformShopId, name, address, districtCode]\n      properties:\n        shopId:\n          type: [string, \"null\"]\n          description: The registry shop when the tip named a listed shop; null for a shop given by name and address.\n        platformId:\n          type: [string, \"null\"]\n        platformShopId:\n          type: [string, \"null\"]\n        name:\n          type: [string, \"null\"]\n        address:\n          type: [string, \"null\"]\n        districtCode:\n          $ref: \"#/components/schemas/DistrictCode\"\n      additionalProperties: false\n    CaseDeadlines:\n      type: object\n      required: [acknowledgeBy, feedbackBy, acknowledgedAt, feedbackGivenAt, overdue]\n      properties:\n        acknowledgeBy:\n          type: string\n          format: date-time\n        feedbackBy:\n          type: string\n          format: date-time\n        acknowledgedAt:\n          type: [string, \"null\"]\n          format: date-time\n        feedbackGivenAt:\n          type: [string, \"null\"]\n          format: date-time\n        overdue:\n          type: array\n          items:\n            type: string\n            enum: [acknowledgement, feedback]\n      additionalProperties: false\n    CaseCore:\n      description: The fields every case view has.\n      type: object\n      required:\n        [\n          id,\n          identityCode,\n          source,\n          state,\n          outcome,\n          category,\n          districtCode,\n          classification,\n          assignedUnit,\n          assignedDistrictCode,\n          receivedAt,\n          updatedAt,\n          deadlines,\n        ]\n      properties:\n        id:\n          type: string\n        identityCode:\n          $ref: \"#/components/schemas/IdentityCode\"\n        source:\n          type: string\n          enum: [tip, platform_lead]\n        state:\n          $ref: \"#/components/schemas/CaseState\"\n        outcome:\n          oneOf:\n            - $ref: \"#/components/schemas/CaseOutcome\"\n            - type: \"null\"\n        category:\n          $ref: \"#/components/schemas/ViolationCategory\"\n        districtCode:\n          $ref: \"#/components/schemas/DistrictCode\"\n        classification:\n          type: [string, \"null\"]\n          enum: [general, complex, null]\n        assignedUnit:\n          $ref: \"#/components/schemas/CaseUnit\"\n        assignedDistrictCode:\n          oneOf:\n            - $ref: \"#/components/schemas/DistrictCode\"\n            - type: \"null\"\n        receivedAt:\n          type: string\n          format: date-time\n        updatedAt:\n          type: string\n          format: date-time\n        deadlines:\n          $ref: \"#/components/schemas/CaseDeadlines\"\n    CaseSummary:\n      allOf:\n        - $ref: \"#/components/schemas/CaseCore\"\n      unevaluatedProperties: false\n    CaseCounts:\n      type: object\n      description: Cases per state within the caller's unit, and the open ones past a deadline.\n      required: [received, triaged, investigating, closed, overdue]\n      properties:\n        received:\n          type: integer\n          minimum: 0\n        triaged:\n          type: integer\n          minimum: 0\n        investigating:\n          type: integer\n          minimum: 0\n        closed:\n          type: integer\n          minimum: 0\n        overdue:\n          type: integer\n          minimum: 0\n      additionalProperties: false\n    CaseList:\n      type: object\n      required: [items, nextCursor]\n      properties:\n        items:\n          type: array\n          items:\n            $ref: \"#/components/schemas/CaseSummary\"\n        nextCursor:\n          type: [string, \"null\"]\n      additionalProperties: false\n    CaseTransition:\n      type: object\n      required: [id, at, action, fromState, toState, actor, details]\n      properties:\n        id:\n          type: string\n        at:\n          type: string\n          format: date-time\n        action:\n          type: string\n          enum: [received, accept, reject, merge, investigate, close, reroute]\n        fromState:\n          oneOf:\n            - $ref: \"#/components/schemas/CaseState\"\n            - type: \"null\"\n        toState:\n          $ref: \"#/components/schemas/CaseState\"\n        actor:\n          type: string\n          description: \"`staff:<id>`, `system`, or `reporter` (never the reporter's account).\"\n        details:\n          type: object\n          additionalProperties: true\n      additionalProperties: false\n    CaseNote:\n      type: object\n      required: [id, authorStaffId, body, createdAt]\n      properties:\n        id:\n          type: string\n        authorStaffId:\n          type: string\n        body:\n          type: string\n        createdAt:\n          type: string\n          format: date-time\n      additionalProperties: false\n    RedactionRegion:\n      type: object\n      description: A box in pixels of the image as displayed (after its orientation is applied).\n      required: [x, y, width, height]\n      properties:\n        x:\n          type: integer\n          minimum: 0\n        y:\n          type: integer\n          minimum: 0\n        width:\n          type: integer\n          minimum: 1\n        height:\n          type: integer\n          minimum: 1\n      additionalProperties: false\n    EvidenceRedactionRequest:\n      type: object\n      required: [regions, reason]\n      properties:\n        regions:\n          type: array\n          minItems: 1\n          maxItems: 100\n          items:\n            $ref: \"#/components/schemas/RedactionRegion\"\n        reason:\n          type: string\n          minLength: 1\n          maxLength: 500\n          pattern: \"\\\\S\"\n          description: Why (for the audit log); no personal data.\n      additionalProperties: false\n    EvidenceRedaction:\n      type: object\n      required:\n        [id, caseId, evidenceId, version, regions, reason, contentType, size, sha256, redactedBy, createdAt]\n      properties:\n        id:\n          type: string\n          pattern: \"^red_[0-9a-z]{26}$\"\n        caseId:\n          type: string\n        evidenceId:\n          type: string\n        version:\n          type: integer\n          minimum: 1\n          description: 1 for the first redaction of this file, 2 for the next, …\n        regions:\n          type: array\n          items:\n            $ref: \"#/components/schemas/RedactionRegion\"\n        reason:\n          type: string\n        contentType:\n          type: string\n          description: The redacted photo's type (PNG and WebP stay so; other photos become JPEG).\n        size:\n          type: integer\n          minimum: 0\n        sha256:\n          type: string\n          pattern: \"^[0-9a-f]{64}$\"\n          description: SHA-256 of the redacted photo, as downloaded.\n        redactedBy:\n          type: string\n        createdAt:\n          type: string\n          format: date-time\n      additionalProperties: false\n    TextRedactionTarget:\n      type: object\n      description: The text to mask. `description` is the case's own (no `id`); a `note` or `message` names its id.\n      required: [type]\n      properties:\n        type:\n          type: string\n          enum: [description, note, message]\n        id:\n          type: string\n          pattern: \"^[a-z]+_[0-9a-z]{26}$\"\n      additionalProperties: false\n    TextRange:\n      type: object\n      required: [start, end]\n      properties:\n        start:\n          type: integer\n          minimum: 0\n        end:\n          type: integer\n          minimum: 1\n      additionalProperties: false\n    TextRedactionRequest:\n      type: object\n      required: [target, ranges, reason]\n      properties:\n        target:\n          $ref: \"#/components/schemas/TextRedactionTarget\"\n        ranges:\n          type: array\n          minItems: 1\n          maxItems: 100\n          items:\n            $ref: \"#/components/schemas/TextRange\"\n        reason:\n          type: string\n          minLength: 1\n          maxLength: 500\n          pattern: \"\\\\S\"\n          description: Why (for the audit log); no personal data.\n      additionalProperties: false\n    TextRedaction:\n      type: object\n      required: [id, caseId, target, version, ranges, reason, text, redactedBy, createdAt]\n      properties:\n        id:\n          type: string\n          pattern: \"^red_[0-9a-z]{26}$\"\n        caseId:\n          type: string\n        target:\n          $ref: \"#/components/schemas/TextRedactionTarget\"\n        version:\n          type: integer\n          minimum: 1\n        ranges:\n          type: array\n          items:\n            $ref: \"#/components/schemas/TextRange\"\n        reason:\n          type: string\n        text:\n          type: string\n          description: The text as everyone now reads it.\n        redactedBy:\n          type: string\n        createdAt:\n          type: string\n          format: date-time\n      additionalProperties: false\n    CaseRedaction:\n      type: object\n      description: One redaction of a case, as listed in the case view (the sealed originals are not).\n      required: [id, kind, target, version, reason, redactedBy, createdAt]\n      properties:\n        id:\n          type: string\n          pattern: \"^red_[0-9a-z]{26}$\"\n        kind:\n          type: string\n          enum: [evidence, text]\n        target:\n          type: object\n          required: [type, id]\n          properties:\n            type:\n              type: string\n              enum: [evidence, description, note, message]\n            id:\n              type: [string, \"null\"]\n          additionalProperties: false\n        version:\n          type: integer\n          minimum: 1\n        reason:\n          type: string\n        redactedBy:\n          type: string\n        createdAt:\n          type: string\n          format: date-time\n      additionalProperties: false\n    NewCaseNote:\n      type: object\n      required: [body]\n      properties:\n        body:\n          type: string\n          minLength: 1\n          maxLength: 10000\n          pattern: \"\\\\S\"\n      additionalProperties: false\n    CaseDetail:\n      allOf:\n        - $ref: \"#/components/schemas/CaseCore\"\n      type: object\n      required:\n        [\n          description,\n          observedAt,\n          shop,\n          penaltyFen,\n          closingSummary,\n          mergedIntoCaseId,\n          closedAt,\n          evidence,\n          transitions,\n          notes,\n          messages,\n        ]\n      properties:\n        description:\n          type: string\n        observedAt:\n          type: [string, \"null\"]\n          format: date-time\n        shop:\n          $ref: \"#/components/schemas/CaseShop\"\n        penaltyFen:\n          type: [integer, \"null\"]\n          minimum: 0\n          description: The penalty (fine) in fen for a confirmed violation.\n        closingSummary:\n          type: [string, \"null\"]\n        mergedIntoCaseId:\n          type: [string, \"null\"]\n        closedAt:\n          type: [string, \"null\"]\n          format: date-time\n        evidence:\n          type: array\n          items:\n            $ref: \"#/components/schemas/EvidenceSummary\"\n        transitions:\n          type: array\n          items:\n            $ref: \"#/components/schemas/CaseTransition\"\n        notes:\n          type: array\n          items:\n            $ref: \"#/components/schemas/CaseNote\"\n        messages:\n          type: array\n          items:\n            $ref: \"#/components/schemas/CaseMessage\"\n        redactions:\n          type: array\n          description: The redactions of this case's photos and texts, oldest first.\n          items:\n            $ref: \"#/components/schemas/CaseRedaction\"\n      unevaluatedProperties: false\n    TriageDecision:\n      type: object\n      required: [decision]\n      properties:\n        decision:\n          type: string\n          enum: [accept, reject, merge]\n        classification:\n          type: string\n          enum: [general, complex]\n          description: Required for `accept`.\n        reason:\n          type: string\n          minLength: 1\n          maxLength: 2000\n          description: Required for `reject`; recorded for the others.\n        duplicateOfCaseId:\n          type: string\n          description: Required for `merge`.\n      additionalProperties: false\n    CaseTransitionRequest:\n      type: object\n      required: [action]\n      properties:\n        action:\n          type: string\n          enum: [investigate, close, reroute]\n        outcome:\n          type: string\n          enum: [violation_confirmed, not_confirmed, referred]\n          description: Required for `close`.\n        penaltyFen:\n          type: integer\n          minimum: 0\n          maximum: 100000000000\n          description: Required for `close` with `violation_confirmed`; in fen (1 yuan = 100 fen).\n        summary:\n          type: string\n          minLength: 1\n          maxLength: 5000\n          description: Required for `close`; the reporter sees the outcome, not this text.\n        classification:\n          type: string\n          enum: [general, complex]\n          description: Required for `reroute`.\n        districtCode:\n          $ref: \"#/components/schemas/DistrictCode\"\n        reason:\n          type: string\n          minLength: 1\n          maxLength: 2000\n          description: Required for `reroute`.\n      additionalProperties: false\n    AuditEvent:\n      type: object\n      required: [seq, id, at, actor, action, subject, details, prevHash, hash]\n      properties:\n        seq:\n          type: integer\n        id:\n          type: string\n        at:\n          type: string\n          format: date-time\n        actor:\n          type: object\n          required: [type, id]\n          properties:\n            type:\n              type: string\n              enum: [staff, reporter, platform, system]\n            id:\n              type: string\n          additionalProperties: false\n        action:\n          type: string\n        subject:\n          oneOf:\n            - type: object\n              required: [type, id]\n              properties:\n                type:\n                  type: string\n                id:\n                  type: string\n              additionalProperties: false\n            - type: \"null\"\n        details:\n          type: object\n          additionalProperties: true\n        prevHash:\n          type: string\n        hash:\n          type: string\n      additionalProperties: false\n    AuditEventList:\n      type: object\n      required: [items, nextBeforeSeq]\n      properties:\n        items:\n          type: array\n          items:\n            $ref: \"#/components/schemas/AuditEvent\"\n        nextBeforeSeq:\n          type: [integer, \"null\"]\n      additionalProperties: false\n    AuditVerificationMode:\n      type: string\n      enum: [incremental, full]\n      description: \"`incremental`: the events after the latest verified checkpoint; `full`: every event.\"\n    AuditVerification:\n      type: object\n      required:\n        [\n          intact,\n          mode,\n          eventsChecked,\n          fromSeq,\n          headSeq,\n          headHash,\n          firstBrokenSeq,\n          reason,\n          checkpointsChecked,\n          checkpoint,\n          verifiedAt,\n        ]\n      properties:\n        intact:\n          type: boolean\n        mode:\n          $ref: \"#/components/schemas/AuditVerificationMode\"\n        eventsChecked:\n          type: integer\n          description: Events whose hash this run recomputed.\n        fromSeq:\n          type: integer\n          description: The run checked the events after this one (the checkpoint it started from; 0 for a full run).\n        headSeq:\n          type: [integer, \"null\"]\n        headHash:\n          type: [string, \"null\"]\n          description: The recorded head's hash (hex).\n        firstBrokenSeq:\n          type: [integer, \"null\"]\n        reason:\n          type: [string, \"null\"]\n        checkpointsChecked:\n          type: integer\n          description: Checkpoints kept outside the database (and the one given) that the chain was checked against.\n        checkpoint:\n          description: The checkpoint signed at the head after this intact run (null when broken).\n          oneOf:\n            - $ref: \"#/components/schemas/AuditCheckpoint\"\n            - type: \"null\"\n        verifiedAt:\n          type: string\n          format: date-time\n      additionalProperties: false\n    AuditVerificationRequest:\n      type: object\n      properties:\n        mode:\n          $ref: \"#/components/schemas/AuditVerificationMode\"\n        checkpoint:\n          type: string\n          maxLength: 4096\n          description: A signed checkpoint's `jws`, kept by the caller.\n      additionalProperties: false\n    AuditVerificationJob:\n      type: object\n      required: [id, mode, state, requestedBy, startedAt, finishedAt, progress, result, error]\n      properties:\n        id:\n          type: string\n        mode:\n          $ref: \"#/components/schemas/AuditVerificationMode\"\n        state:\n          type: string\n          enum: [running, completed, failed]\n        requestedBy:\n          type: string\n          description: \"`staff:<id>`, or `system` for the scheduled daily run.\"\n        startedAt:\n          type: string\n          format: date-time\n        finishedAt:\n          type: [string, \"null\"]\n          format: date-time\n        progress:\n          type: object\n          required: [eventsChecked, eventsTotal]\n          properties:\n            eventsChecked:\n              type: integer\n            eventsTotal:\n              type: [integer, \"null\"]\n          additionalProperties: false\n        result:\n          oneOf:\n            - $ref: \"#/components/schemas/AuditVerification\"\n            - type: \"null\"\n        error:\n          type: [string, \"null\"]\n          description: Why a failed job did not finish (not a broken chain, which is a result).\n      additionalProperties: false\n    AuditCheckpoint:\n      type: object\n      required: [id, seq, hash, createdAt, mode, jws]\n      properties:\n        id:\n          type: string\n        seq:\n          type: integer\n        hash:\n          type: string\n          description: The hash (hex) of event `seq`, the head when the checkpoint was signed.\n        createdAt:\n          type: string\n          format: date-time\n        mode:\n          $ref: \"#/components/schemas/AuditVerificationMode\"\n        jws:\n          type: string\n          description: |\n            Compact JWS (EdDSA, `typ: ezhili-audit-checkpoint+jwt`) over\n            `{ \"seq\", \"hash\", \"createdAt\", \"mode\" }`, verifiable with the regulator's JWKS.\n      additionalProperties: false\n    AuditCheckpointList:\n      type: object\n      required: [items, nextCursor]\n      properties:\n        items:\n          type: array\n          items:\n            $ref: \"#/components/schemas/AuditCheckpoint\"\n        nextCursor:\n          type: [string, \"null\"]\n      additionalProperties: false\n    MetricsFigures:\n      type: object\n      description: |\n        Counts and durations for one scope (overall, or one district). Durations in hours, to\n        two significant figures (0.1 h below 10 h, whole hours below 100 h). Case figures are\n        about the cases received in the period, lead figures about the leads sent in it.\n      required:\n        [\n          tips,\n          platformLeads,\n          casesClosed,\n          closureRate,\n          ackHoursMedian,\n          ackHoursP90,\n          closeHoursMedian,\n          closeHoursP90,\n          overdueAcknowledgement,\n          overdueFeedback,\n          openCases,\n          tipsAccepted,\n          violationsConfirmed,\n          leadsDispatched,\n          leadsActioned,\n          leadClosureRate,\n          leadToActionHoursMedian,\n          leadToActionHoursP90,\n          shopsTakenDown,\n          relistingApproved,\n          relistingRejected,\n          rewardsClaimed,\n          rewardsPaid,\n          rewardsPaidFen,\n        ]\n      properties:\n        tips:\n          type: integer\n          description: Tips received in the period.\n        platformLeads:\n          type: integer\n          description: Cases opened from platform-submitted leads in the period.\n        casesClosed:\n          type: integer\n          description: Cases received in the period that are closed now.\n        closureRate:\n          type: [number, \"null\"]\n          description: casesClosed / cases received in the period (办结率); null when none were received.\n        ackHoursMedian:\n          type: [number, \"null\"]\n        ackHoursP90:\n          type: [number, \"null\"]\n        closeHoursMedian:\n          type: [number, \"null\"]\n        closeHoursP90:\n          type: [number, \"null\"]\n        overdueAcknowledgement:\n          type: integer\n          description: Open cases past the acknowledgement deadline now.\n        overdueFeedback:\n          type: integer\n          description: Open cases past the feedback deadline now.\n        openCases:\n          type: integer\n        tipsAccepted:\n          type: integer\n          description: Tips received in the period that intake accepted (受理).\n        violationsConfirmed:\n          type: integer\n          description: Cases received in the period closed with a confirmed violation.\n        leadsDispatched:\n          type: integer\n          description: Leads sent to platforms in the period.\n        leadsActioned:\n          type: integer\n          description: Of those, the leads the platform has reported an action on.\n        leadClosureRate:\n          type: [number, \"null\"]\n          description: leadsActioned / leadsDispatched; null when no lead was sent.\n        leadToActionHoursMedian:\n          type: [number, \"null\"]\n        leadToActionHoursP90:\n          type: [number, \"null\"]\n        shopsTakenDown:\n          type: integer\n          description: Shops taken offline in the period.\n        relistingApproved:\n          type: integer\n        relistingRejected:\n          type: integer\n        rewardsClaimed:\n          type: integer\n        rewardsPaid:\n          type: integer\n        rewardsPaidFen:\n          type: integer\n      additionalProperties: true\n    MetricsOverall:\n      description: The figures of the whole scope, with rates per day and the cards issued.\n      allOf:\n        - $ref: \"#/components/schemas/MetricsFigures\"\n      type: object\n      required: [days, tipsPerDay, leadsPerDay, yellowCards, redCards]\n      properties:\n        days:\n          type: integer\n          minimum: 1\n        tipsPerDay:\n          type: number\n        leadsPerDay:\n          type: number\n          description: leadsDispatched / days, to one decimal.\n        yellowCards:\n          type: integer\n        redCards:\n          type: integer\n    MetricsDay:\n      type: object\n      required: [date, tips, platformLeads]\n      description: |\n        One UTC day: every counted figure of `MetricsFigures` under its name (`tips`,\n        `tipsAccepted`, `casesClosed`, `leadsDispatched`, `leadsActioned`, `shopsTakenDown`,\n        `rewardsPaid`, …), counted as in the figures, so the days add up to the period.\n      properties:\n        date:\n          type: string\n          format: date\n        tips:\n          type: integer\n        platformLeads:\n          type: integer\n      additionalProperties:\n        type: integer\n    MetricsMonth:\n      type: object\n      required: [month, tips, platformLeads]\n      description: One calendar month (clipped to the period), with the same figures as a day.\n      properties:\n        month:\n          type: string\n          pattern: \"^[0-9]{4}-[0-9]{2}$\"\n        tips:\n          type: integer\n        platformLeads:\n          type: integer\n      additionalProperties:\n        type: integer\n    MetricsSourceFigures:\n      type: object\n      description: |\n        Figures by where a case or lead came from: `reporter` (tips), `platform` (leads a\n        platform reported), `risk` (risk runs' priority checks), `regulator` (the regulator's own\n        leads on a shop).\n      required:\n        [\n          source,\n          casesReceived,\n          casesClosed,\n          closureRate,\n          closeHoursMedian,\n          leadsDispatched,\n          leadsActioned,\n          leadClosureRate,\n          leadToActionHoursMedian,\n        ]\n      properties:\n        source:\n          type: string\n          enum: [reporter, platform, risk, regulator]\n        casesReceived:\n          type: integer\n        casesClosed:\n          type: integer\n        closureRate:\n          type: [number, \"null\"]\n        closeHoursMedian:\n          type: [number, \"null\"]\n        leadsDispatched:\n          type: integer\n        leadsActioned:\n          type: integer\n        leadClosureRate:\n          type: [number, \"null\"]\n        leadToActionHoursMedian:\n          type: [number, \"null\"]\n      additionalProperties: false\n    MetricsPlatformFigures:\n      type: object\n      description: |\n        One platform: the cases about its shops, the leads sent to it and what it did with them,\n        take-downs, relisting decisions and its cards.\n      required:\n        [\n          platformId,\n          name,\n          casesReceived,\n          casesClosed,\n          closureRate,\n          leadsDispatched,\n          leadsAcknowledgedInTime,\n          leadsActioned,\n          leadClosureRate,\n          leadToActionHoursMedian,\n          leadToActionHoursP90,\n          leadTakeDowns,\n          shopsTakenDown,\n          relistingApproved,\n          relistingRejected,\n          yellowCards,\n          redCards,\n        ]\n      properties:\n        platformId:\n          type: string\n        name:\n          type: string\n        casesReceived:\n          type: integer\n        casesClosed:\n          type: integer\n        closureRate:\n          type: [number, \"null\"]\n        leadsDispatched:\n          type: integer\n        leadsAcknowledgedInTime:\n          type: integer\n        leadsActioned:\n          type: integer\n        leadClosureRate:\n          type: [number, \"null\"]\n        leadToActionHoursMedian:\n          type: [number, \"null\"]\n        leadToActionHoursP90:\n          type: [number, \"null\"]\n        leadTakeDowns:\n          type: integer\n          description: Leads sent in the period that the platform answered with a take-down.\n        shopsTakenDown:\n          type: integer\n        relistingApproved:\n          type: integer\n        relistingRejected:\n          type: integer\n        yellowCards:\n          type: integer\n        redCards:\n          type: integer\n      additionalProperties: false\n    Metrics:\n      type: object\n      required:\n        [\n          from,\n          to,\n          generatedAt,\n          districtCode,\n          overall,\n          perDay,\n          perMonth,\n          districts,\n          bySource,\n          byPlatform,\n          sections,\n        ]\n      properties:\n        from:\n          type: string\n          format: date\n        to:\n          type: string\n          format: date\n        generatedAt:\n          type: string\n          format: date-time\n        districtCode:\n          description: The district the figures are narrowed to, or null for all.\n          oneOf:\n            - $ref: \"#/components/schemas/DistrictCode\"\n            - type: \"null\"\n        overall:\n          $ref: \"#/components/schemas/MetricsOverall\"\n        perDay:\n          type: array\n          items:\n            $ref: \"#/components/schemas/MetricsDay\"\n        perMonth:\n          type: array\n          items:\n            $ref: \"#/components/schemas/MetricsMonth\"\n        districts:\n          type: array\n          items:\n            allOf:\n              - $ref: \"#/components/schemas/MetricsFigures\"\n            type: object\n            required: [districtCode]\n            properties:\n              districtCode:\n                $ref: \"#/components/schemas/DistrictCode\"\n        bySource:\n          type: array\n          items:\n            $ref: \"#/components/schemas/MetricsSourceFigures\"\n        byPlatform:\n          type: array\n          items:\n            $ref: \"#/components/schemas/MetricsPlatformFigures\"\n        sections:\n          type: object\n          description: |\n            Figures by module (`platforms`: per-platform lead figures as before, `rewards`:\n            eligible tips, claims, determinations, payouts) and any other module's contribution.\n            Same rule: counts and durations only.\n          additionalProperties:\n            type: object\n            additionalProperties: true\n      additionalProperties: false\n    TransparencyFigures:\n      type: object\n      description: |\n        One row of the public document. A null is a withheld cell (named in `suppressed`);\n        durations are hours to two significant figures; `rewardsPaidYuan` is whole yuan.\n      required:\n        [\n          tipsReceived,\n          tipsAccepted,\n          platformLeads,\n          casesClosed,\n          closureRate,\n          closeHoursMedian,\n          violationsConfirmed,\n          leadsDispatched,\n          leadsActioned,\n          leadClosureRate,\n          leadToActionHoursMedian,\n          shopsTakenDown,\n          relistingApproved,\n          relistingRejected,\n          rewardsPaid,\n          rewardsPaidYuan,\n          yellowCards,\n          redCards,\n          suppressed,\n        ]\n      properties:\n        tipsReceived:\n          type: [integer, \"null\"]\n        tipsAccepted:\n          type: [integer, \"null\"]\n        platformLeads:\n          type: [integer, \"null\"]\n        casesClosed:\n          type: [integer, \"null\"]\n        closureRate:\n          type: [number, \"null\"]\n        closeHoursMedian:\n          type: [number, \"null\"]\n        violationsConfirmed:\n          type: [integer, \"null\"]\n        leadsDispatched:\n          type: [integer, \"null\"]\n        leadsActioned:\n          type: [integer, \"null\"]\n        leadClosureRate:\n          type: [number, \"null\"]\n        leadToActionHoursMedian:\n          type: [number, \"null\"]\n        shopsTakenDown:\n          type: [integer, \"null\"]\n        relistingApproved:\n          type: [integer, \"null\"]\n        relistingRejected:\n          type: [integer, \"null\"]\n        rewardsPaid:\n          type: [integer, \"null\"]\n        rewardsPaidYuan:\n          type: [integer, \"null\"]\n        yellowCards:\n          type: [integer, \"null\"]\n        redCards:\n          type: [integer, \"null\"]\n        suppressed:\n          type: array\n          items:\n            type: string\n    TransparencyReport:\n      type: object\n      required: [generatedAt, from, to, minimumCount, overall, byYear, byDistrict]\n      properties:\n        generatedAt:\n          type: string\n          format: date-time\n        from:\n          type: string\n          format: date\n          description: The first recorded day (the launch).\n        to:\n          type: string\n          format: date\n        minimumCount:\n          type: integer\n          minimum: 2\n        overall:\n          $ref: \"#/components/schemas/TransparencyFigures\"\n          unevaluatedProperties: false\n        byYear:\n          type: array\n          items:\n            allOf:\n              - $ref: \"#/components/schemas/TransparencyFigures\"\n            type: object\n            required: [year]\n            properties:\n              year:\n                type: integer\n            unevaluatedProperties: false\n        byDistrict:\n          type: array\n          items:\n            allOf:\n              - $ref: \"#/components/schemas/TransparencyFigures\"\n            type: object\n            required: [districtCode, nameZh, nameEn]\n            properties:\n              districtCode:\n                $ref: \"#/components/schemas/DistrictCode\"\n              nameZh:\n                type: string\n              nameEn:\n                type: string\n            unevaluatedProperties: false\n      additionalProperties: false\n    EntryPoint:\n      type: string\n      description: Where a partner shows the scheme.\n      enum: [splash, banner, in_app]\n    TipReferral:\n      type: object\n      description: |\n        The partner and entry point the reporter came through. Not stored with the tip: it only\n        adds one to that month's counter (`getReferralCounts`).\n      required: [partnerId, entryPoint]\n      properties:\n        partnerId:\n          type: string\n          pattern: \"^[a-z0-9][a-z0-9-]{1,62}$\"\n        entryPoint:\n          $ref: \"#/components/schemas/EntryPoint\"\n      additionalProperties: false\n    PartnerEntryPoints:\n      type: object\n      required: [partnerId, items]\n      properties:\n        partnerId:\n          type: string\n        items:\n          type: array\n          items:\n            type: object\n            required: [entryPoint, url, qrSvg]\n            properties:\n              entryPoint:\n                $ref: \"#/components/schemas/EntryPoint\"\n              url:\n                type: string\n                format: uri\n              qrSvg:\n                type: string\n                description: The link as a QR code, an SVG document.\n            additionalProperties: false\n      additionalProperties: false\n    ReferralCounts:\n      type: object\n      required: [from, to, minimumCount, items]\n      properties:\n        from:\n          type: [string, \"null\"]\n        to:\n          type: [string, \"null\"]\n        minimumCount:\n          type: integer\n        items:\n          type: array\n          items:\n            type: object\n            required: [partnerId, entryPoint, tips]\n            properties:\n              partnerId:\n                type: string\n              entryPoint:\n                $ref: \"#/components/schemas/EntryPoint\"\n              tips:\n                type: [integer, \"null\"]\n                description: null when from 1 to minimumCount - 1.\n            additionalProperties: false\n      additionalProperties: false\n    PlatformContact:\n      type: object\n      description: A person at the platform the regulator can reach about leads.\n      required: [name, email]\n      properties:\n        name:\n          type: string\n          minLength: 1\n          maxLength: 200\n        email:\n          type: string\n          format: email\n          maxLength: 254\n        phone:\n          type: string\n          maxLength: 40\n        role:\n          type: string\n          maxLength: 100\n      additionalProperties: false\n    PlatformRegistration:\n      type: object\n      description: Exactly one of `jwks` and `jwksUrl`.\n      required: [name, contacts]\n      properties:\n        name:\n          type: string\n          minLength: 1\n          maxLength: 200\n        jwks:\n          $ref: \"#/components/schemas/Jwks\"\n        jwksUrl:\n          type: string\n          format: uri\n          maxLength: 2048\n        webhookUrl:\n          type: [string, \"null\"]\n          format: uri\n          maxLength: 2048\n        contacts:\n          type: array\n          maxItems: 20\n          items:\n            $ref: \"#/components/schemas/PlatformContact\"\n      additionalProperties: false\n    PlatformUpdate:\n      type: object\n      minProperties: 1\n      description: Fields to change. Setting `jwks` clears `jwksUrl` and the other way round.\n      properties:\n        name:\n          type: string\n          minLength: 1\n          maxLength: 200\n        jwks:\n          $ref: \"#/components/schemas/Jwks\"\n        jwksUrl:\n          type: string\n          format: uri\n          maxLength: 2048\n        webhookUrl:\n          type: [string, \"null\"]\n          format: uri\n          maxLength: 2048\n        webhookEnabled:\n          type: boolean\n        contacts:\n          type: array\n          maxItems: 20\n          items:\n            $ref: \"#/components/schemas/PlatformContact\"\n      additionalProperties: false\n    Platform:\n      type: object\n      required:\n        [\n          id,\n          name,\n          jwks,\n          jwksUrl,\n          webhookUrl,\n          webhookEnabled,\n          webhookDisabledReason,\n          contacts,\n          createdAt,\n          updatedAt,\n        ]\n      properties:\n        id:\n          type: string\n        name:\n          type: string\n        jwks:\n          oneOf:\n            - $ref: \"#/components/schemas/Jwks\"\n            - type: \"null\"\n        jwksUrl:\n          type: [string, \"null\"]\n        webhookUrl:\n          type: [string, \"null\"]\n        webhookEnabled:\n          type: boolean\n        webhookDisabledReason:\n          type: [string, \"null\"]\n        contacts:\n          type: array\n          items:\n            $ref: \"#/components/schemas/PlatformContact\"\n        createdAt:\n          type: string\n          format: date-time\n        updatedAt:\n          type: string\n          format: date-time\n      additionalProperties: false\n    WebhookDeliveryState:\n      type: string\n      enum: [pending, delivered, dead]\n    WebhookSecretRotation:\n      type: object\n      properties:\n        overlapSeconds:\n          type: integer\n          minimum: 0\n          maximum: 604800\n          default: 86400\n          description: How long the previous secret keeps signing beside the new one (0 to 7 days).\n      additionalProperties: false\n    WebhookSecret:\n      type: object\n      required: [secret, createdAt, previousSecretExpiresAt]\n      properties:\n        secret:\n          type: string\n          pattern: \"^whsec_[A-Za-z0-9+/]{43}=$\"\n          description: The Standard Webhooks secret, `whsec_` and 32 random bytes in base64. Shown only here.\n        createdAt:\n          type: string\n          format: date-time\n        previousSecretExpiresAt:\n          type: [string, \"null\"]\n          format: date-time\n          description: Until when the previous secret also signs; null when there was none.\n      additionalProperties: false\n    WebhookDelivery:\n      type: object\n      description: One message of the outbox; `id` is its `webhook-id`.\n      required:\n        [\n          id,\n          platformId,\n          eventType,\n          state,\n          attempts,\n          nextAttemptAt,\n          lastStatus,\n          lastError,\n          createdAt,\n          deliveredAt,\n        ]\n      properties:\n        id:\n          type: string\n        platformId:\n          type: string\n        eventType:\n          $ref: \"#/components/schemas/WebhookEventType\"\n        state:\n          $ref: \"#/components/schemas/WebhookDeliveryState\"\n        attempts:\n          type: integer\n          minimum: 0\n        nextAttemptAt:\n          type: [string, \"null\"]\n          format: date-time\n        lastStatus:\n          description: HTTP status of the last attempt; null when it got no response.\n          type: [integer, \"null\"]\n        lastError:\n          type: [string, \"null\"]\n        createdAt:\n          type: string\n          format: date-time\n        deliveredAt:\n          type: [string, \"null\"]\n          format: date-time\n      additionalProperties: false\n    WebhookEventType:\n      type: string\n      enum: [lead.created, relisting.decided, card.issued]\n    LeadCreatedEvent:\n      type: object\n      description: \"The body of a `lead.created` webhook: a lead for the platform to act on.\"\n      required: [type, timestamp, data]\n      properties:\n        type:\n          type: string\n          const: lead.created\n        timestamp:\n          type: string\n          format: date-time\n          description: When the event happened.\n        data:\n          $ref: \"#/components/schemas/Lead\"\n      additionalProperties: false\n    RelistingDecidedEvent:\n      type: object\n      description: \"The body of a `relisting.decided` webhook: the regulator approved or rejected a relisting request.\"\n      required: [type, timestamp, data]\n      properties:\n        type:\n          type: string\n          const: relisting.decided\n        timestamp:\n          type: string\n          format: date-time\n          description: When the event happened.\n        data:\n          $ref: \"#/components/schemas/RelistingRequest\"\n      additionalProperties: false\n    CardIssuedEvent:\n      type: object\n      description: \"The body of a `card.issued` webhook: a yellow or red card issued to the platform.\"\n      required: [type, timestamp, data]\n      properties:\n        type:\n          type: string\n          const: card.issued\n        timestamp:\n          type: string\n          format: date-time\n          description: When the event happened.\n        data:\n          $ref: \"#/components/schemas/PlatformCard\"\n      additionalProperties: false\n    PlatformEvidence:\n      type: object\n      description: Evidence the platform keeps (a screenshot, a document); referenced by URL and/or hash.\n      required: [description]\n      properties:\n        description:\n          type: string\n          minLength: 1\n          maxLength: 2000\n        url:\n          type: string\n          format: uri\n          maxLength: 2048\n        sha256:\n          type: string\n          pattern: \"^[0-9a-f]{64}$\"\n        mediaType:\n          type: string\n          maxLength: 100\n      additionalProperties: false\n    Attestation:\n      type: object\n      description: |\n        The platform's verified signature, stored with the record it created: the\n        `Ezhili-Signature` header as received and the SHA-256 of the exact signed body.\n      required: [kid, alg, jti, signedAt, signature, bodySha256]\n      properties:\n        kid:\n          type: string\n        alg:\n          type: string\n          enum: [EdDSA, ES256]\n        jti:\n          type: string\n        signedAt:\n          type: string\n          format: date-time\n        signature:\n          type: string\n        bodySha256:\n          type: string\n      additionalProperties: false\n    LeadSource:\n      type: string\n      enum: [case, shop, risk]\n    LeadStatus:\n      type: string\n      enum: [open, acknowledged, actioned]\n    LeadDeadlines:\n      type: object\n      required: [acknowledgeWithinSeconds, actionWithinSeconds]\n      properties:\n        acknowledgeWithinSeconds:\n          type: integer\n          minimum: 60\n          maximum: 2592000\n        actionWithinSeconds:\n          type: integer\n          minimum: 60\n          maximum: 7776000\n      additionalProperties: false\n    LeadCreate:\n      type: object\n      description: A lead from a case (`caseId`, the case's shop) or from a shop (`shopId`).\n      required: [source, summary]\n      properties:\n        source:\n          type: string\n          enum: [case, shop]\n        caseId:\n          type: string\n          maxLength: 64\n        shopId:\n          type: string\n          maxLength: 64\n        summary:\n          type: string\n          minLength: 1\n          maxLength: 4000\n        violationCategory:\n          $ref: \"#/components/schemas/ViolationCategory\"\n        deadlines:\n          $ref: \"#/components/schemas/LeadDeadlines\"\n      additionalProperties: false\n    Lead:\n      type: object\n      required:\n        - id\n        - platformId\n        - shopId\n        - platformShopId\n        - shopName\n        - caseId\n        - source\n        - summary\n        - violationCategory\n        - basis\n        - requestedAction\n        - status\n        - createdAt\n        - acknowledgeDueAt\n        - actionDueAt\n        - acknowledgedAt\n        - action\n        - overdue\n      properties:\n        id:\n          type: string\n          description: |\n            Random, unique per lead, encoding no time: the platform's reference for the lead.\n        platformId:\n          type: string\n        shopId:\n          type: string\n        platformShopId:\n          type: [string, \"null\"]\n        shopName:\n          type: string\n        caseId:\n          type: [string, \"null\"]\n          description: |\n            The case behind the lead, for staff only. Always `null` in what a platform receives\n            (its API calls and webhooks): a case id joins the leads of one case and, being\n            time-ordered, would date the tip behind it.\n        source:\n          $ref: \"#/components/schemas/LeadSource\"\n        summary:\n          type: string\n        violationCategory:\n          type: [string, \"null\"]\n        basis:\n          type: string\n          enum: [confirmed_violation, priority_check, official_report]\n          description: |\n            What the lead rests on: `confirmed_violation` — a case closed with a confirmed\n            violation; `priority_check` — the risk index ranks the shop high (a reason to review\n            the listing, never a finding); `official_report` — an official's report or a case\n            still under investigation.\n        requestedAction:\n          type: string\n          enum: [take_down, review]\n          description: \"`take_down` only for a confirmed violation; otherwise `review` the listing.\"\n        status:\n          $ref: \"#/components/schemas/LeadStatus\"\n        createdAt:\n          type: string\n          format: date-time\n        acknowledgeDueAt:\n          type: string\n          format: date-time\n        actionDueAt:\n          type: string\n          format: date-time\n        acknowledgedAt:\n          type: [string, \"null\"]\n          format: date-time\n        action:\n          oneOf:\n            - $ref: \"#/components/schemas/LeadAction\"\n            - type: \"null\"\n        overdue:\n          type: object\n          description: Whether a deadline has passed without the step (or the step came late).\n          required: [acknowledge, action]\n          properties:\n            acknowledge:\n              type: boolean\n            action:\n              type: boolean\n          additionalProperties: false\n      additionalProperties: false\n    LeadAcknowledgement:\n      type: object\n      properties:\n        note:\n          type: string\n          maxLength: 2000\n      additionalProperties: false\n    LeadActionKind:\n      type: string\n      description: |\n        `taken_down`: the shop was taken offline at `at`; `rectification_ordered`: the shop\n        was told to fix the violation and stays online; `no_violation_found`; `shop_not_found`.\n      enum: [taken_down, rectification_ordered, no_violation_found, shop_not_found]\n    LeadActionReport:\n      type: object\n      required: [action, at]\n      properties:\n        action:\n          $ref: \"#/components/schemas/LeadActionKind\"\n        at:\n          type: string\n          format: date-time\n          description: When the platform acted (e.g. took the shop down).\n        evidence:\n          type: array\n          maxItems: 20\n          items:\n            $ref: \"#/components/schemas/PlatformEvidence\"\n        note:\n          type: string\n          maxLength: 2000\n      additionalProperties: false\n    LeadAction:\n      type: object\n      required: [leadId, action, at, evidence, note, reportedAt, attestation]\n      properties:\n        leadId:\n          type: string\n        action:\n          $ref: \"#/components/schemas/LeadActionKind\"\n        at:\n          type: string\n          format: date-time\n        evidence:\n          type: array\n          items:\n            $ref: \"#/components/schemas/PlatformEvidence\"\n        note:\n          type: [string, \"null\"]\n        reportedAt:\n          type: string\n          format: date-time\n        attestation:\n          $ref: \"#/components/schemas/Attestation\"\n      additionalProperties: false\n    PlatformLeadSubmission:\n      type: object\n      required: [platformShopId, violationCategory, description]\n      properties:\n        platformShopId:\n          type: string\n          minLength: 1\n          maxLength: 128\n          description: The shop as the platform lists it.\n        shopName:\n          type: string\n          maxLength: 200\n        shopAddress:\n          type: string\n          maxLength: 500\n        districtCode:\n          $ref: \"#/components/schemas/DistrictCode\"\n        violationCategory:\n          $ref: \"#/components/schemas/ViolationCategory\"\n        description:\n          type: string\n          minLength: 1\n          maxLength: 8000\n        observedAt:\n          type: string\n          format: date-time\n        evidence:\n          type: array\n          maxItems: 20\n          items:\n            $ref: \"#/components/schemas/PlatformEvidence\"\n      additionalProperties: false\n    PlatformLeadReceipt:\n      type: object\n      description: |\n        The regulator's receipt for a platform's submission. `id` (random, encoding no time) is\n        the platform's reference for it; the case it opened stays internal.\n      required: [id, receivedAt, attestation]\n      properties:\n        id:\n          type: string\n        receivedAt:\n          type: string\n          format: date-time\n        attestation:\n          $ref: \"#/components/schemas/Attestation\"\n      additionalProperties: false\n    RelistingStatus:\n      type: string\n      enum: [pending, approved, rejected]\n    RelistingReview:\n      type: object\n      description: The platform's compliance review of the shop.\n      required: [checklist, licence, rectificationEvidence, summary]\n      properties:\n        checklist:\n          type: array\n          minItems: 1\n          maxItems: 50\n          items:\n            type: object\n            required: [item, passed]\n            properties:\n              item:\n                type: string\n                minLength: 1\n                maxLength: 200\n              passed:\n                type: boolean\n              note:\n                type: string\n                maxLength: 1000\n            additionalProperties: false\n        licence:\n          type: object\n          required: [number]\n          properties:\n            number:\n              type: string\n              minLength: 1\n              maxLength: 64\n            expiresOn:\n              type: string\n              format: date\n          additionalProperties: false\n        rectificationEvidence:\n          type: array\n          minItems: 1\n          maxItems: 20\n          items:\n            $ref: \"#/components/schemas/PlatformEvidence\"\n        summary:\n          type: string\n          minLength: 1\n          maxLength: 4000\n      additionalProperties: false\n    RelistingRequestCreate:\n      type: object\n      required: [shopId, review]\n      properties:\n        shopId:\n          type: string\n          maxLength: 64\n          description: The regulator's shop id (as in the lead).\n        review:\n          $ref: \"#/components/schemas/RelistingReview\"\n      additionalProperties: false\n    RelistingDecisionCreate:\n      type: object\n      required: [outcome, reasons]\n      properties:\n        outcome:\n          type: string\n          enum: [approved, rejected]\n        reasons:\n          type: string\n          minLength: 1\n          maxLength: 4000\n      additionalProperties: false\n    RelistingRequest:\n      type: object\n      required: [id, platformId, shopId, status, review, submittedAt, attestation, decision]\n      properties:\n        id:\n          type: string\n        platformId:\n          type: string\n        shopId:\n          type: string\n        status:\n          $ref: \"#/components/schemas/RelistingStatus\"\n        review:\n          $ref: \"#/components/schemas/RelistingReview\"\n        submittedAt:\n          type: string\n          format: date-time\n        attestation:\n          $ref: \"#/components/schemas/Attestation\"\n        decision:\n          oneOf:\n            - type: \"null\"\n            - type: object\n              required: [outcome, reasons, decidedAt]\n              properties:\n                outcome:\n                  type: string\n                  enum: [approved, rejected]\n                reasons:\n                  type: string\n                decidedAt:\n                  type: string\n                  format: date-time\n              additionalProperties: false\n      additionalProperties: false\n    ShopRelistingStatus:\n      type: object\n      required: [shopId, takenDown, takenDownAt, relistable, reason, latestRequestId]\n      properties:\n        shopId:\n          type: string\n        takenDown:\n          type: boolean\n          description: Whether the shop was taken down after a violation and not yet cleared.\n        takenDownAt:\n          type: [string, \"null\"]\n          format: date-time\n        relistable:\n          type: boolean\n        reason:\n          type: string\n          enum: [never_taken_down, awaiting_request, request_pending, request_rejected, request_approved]\n        latestRequestId:\n          type: [string, \"null\"]\n      additionalProperties: false\n    ScorecardPeriod:\n      type: string\n      pattern: \"^[0-9]{4}-(Q[1-4]|0[1-9]|1[0-2])$\"\n    CardColor:\n      type: string\n      enum: [yellow, red]\n    PlatformScorecard:\n      type: object\n      required:\n        - platformId\n        - period\n        - from\n        - to\n        - leadsReceived\n        - acknowledged\n        - acknowledgedInTime\n        - acknowledgedInTimeRate\n        - takeDowns\n        - takeDownsInTime\n        - takeDownInTimeRate\n        - medianLeadToActionSeconds\n        - relisting\n        - cards\n        - proposedCards\n      properties:\n        platformId:\n          type: string\n        period:\n          $ref: \"#/components/schemas/ScorecardPeriod\"\n        from:\n          type: string\n          format: date-time\n        to:\n          type: string\n          format: date-time\n        leadsReceived:\n          type: integer\n          description: Leads created in the period.\n        acknowledged:\n          type: integer\n        acknowledgedInTime:\n          type: integer\n        acknowledgedInTimeRate:\n          description: acknowledgedInTime / leadsReceived; null without leads.\n          type: [number, \"null\"]\n        takeDowns:\n          type: integer\n          description: Leads of the period answered with `taken_down`.\n        takeDownsInTime:\n          type: integer\n        takeDownInTimeRate:\n          description: takeDownsInTime / takeDowns; null without take-downs.\n          type: [number, \"null\"]\n        medianLeadToActionSeconds:\n          type: [number, \"null\"]\n        relisting:\n          type: object\n          required: [approved, rejected, pending, breaches]\n          properties:\n            approved:\n              type: integer\n            rejected:\n              type: integer\n            pending:\n              type: integer\n            breaches:\n              type: integer\n              description: |\n                Take-downs first found breached in the period: the platform put (or tried to\n                put) the shop online again without an approved relisting request, through its\n                feed or as found by the reconciliation job. Counts toward cards\n                (`count_at_least` rules on `relistingBreaches`).\n          additionalProperties: false\n        cards:\n          type: object\n          required: [yellow, red]\n          properties:\n            yellow:\n              type: integer\n            red:\n              type: integer\n          additionalProperties: false\n        proposedCards:\n          type: array\n          description: Cards the configured rules propose for this period; staff decide whether to issue them.\n          items:\n            type: object\n            required: [color, ruleId, reason]\n            properties:\n              color:\n                $ref: \"#/components/schemas/CardColor\"\n              ruleId:\n                type: string\n              reason:\n                type: string\n            additionalProperties: false\n      additionalProperties: false\n    PlatformCardIssue:\n      type: object\n      required: [color, reason]\n      properties:\n        color:\n          $ref: \"#/components/schemas/CardColor\"\n        reason:\n          type: string\n          minLength: 1\n          maxLength: 2000\n        period:\n          $ref: \"#/components/schemas/ScorecardPeriod\"\n        ruleId:\n          type: string\n          maxLength: 100\n      additionalProperties: false\n    PlatformCard:\n      type: object\n      required: [id, platformId, color, reason, period, ruleId, issuedAt]\n      properties:\n        id:\n          type: string\n        platformId:\n          type: string\n        color:\n          $ref: \"#/components/schemas/CardColor\"\n        reason:\n          type: string\n        period:\n          $ref: \"#/components/schemas/ScorecardPeriod\"\n        ruleId:\n          type: [string, \"null\"]\n        issuedAt:\n          type: string\n          format: date-time\n      additionalProperties: false\n    MoneyFen:\n      type: integer\n      minimum: 0\n      maximum: 100000000000000\n      description: An amount of money in fen (1 yuan = 100 fen), always an integer.\n    RewardLevelNumber:\n      type: integer\n      minimum: 1\n      maximum: 9\n      description: A reward level of the rule (1 is the highest).\n    RewardLevelRule:\n      type: object\n      required: [level, description, percentBasisPoints, minimumFen]\n      properties:\n        level:\n          $ref: \"#/components/schemas/RewardLevelNumber\"\n        description:\n          type: string\n          minLength: 1\n          maxLength: 2000\n        percentBasisPoints:\n          type: integer\n          minimum: 0\n          maximum: 10000\n          description: The share of the fines and confiscations, in basis points (500 = 5%).\n        minimumFen:\n          $ref: \"#/components/schemas/MoneyFen\"\n      additionalProperties: false\n    RewardEligibilityCondition:\n      type: object\n      required: [code, description]\n      properties:\n        code:\n          type: string\n          pattern: \"^[a-z][a-z0-9_]{0,63}$\"\n        description:\n          type: string\n          minLength: 1\n          maxLength: 2000\n      additionalProperties: false\n    RewardRules:\n      type: object\n      description: |\n        A reward profile: rules as data. Ship your own as a JSON file (`REWARD_PROFILE_FILE`);\n        it is validated against this schema at start-up.\n      required:\n        [\n          id,\n          name,\n          source,\n          currency,\n          levels,\n          perCaseCapFen,\n          internalWhistleblowerMaxMultiplier,\n          rounding,\n          claimWindowWorkingDays,\n          determinationWorkingDays,\n          eligibility,\n        ]\n      properties:\n        id:\n          type: string\n          pattern: \"^[a-z0-9][a-z0-9-]{0,63}$\"\n        name:\n          type: string\n          minLength: 1\n          maxLength: 200\n        source:\n          type: string\n          minLength: 1\n          maxLength: 2000\n          description: The legal text the profile restates.\n        currency:\n          type: string\n          const: CNY\n        levels:\n          type: array\n          minItems: 1\n          maxItems: 9\n          items:\n            $ref: \"#/components/schemas/RewardLevelRule\"\n        perCaseCapFen:\n          $ref: \"#/components/schemas/MoneyFen\"\n        internalWhistleblowerMaxMultiplier:\n          type: number\n          minimum: 1\n          maximum: 10\n          description: How far the amount of an internal whistleblower may be raised (2 = up to twice).\n        rounding:\n          type: string\n          const: half_up_to_fen\n          description: Percentages are applied to the basis in fen and rounded half up to a whole fen.\n        claimWindowWorkingDays:\n          type: integer\n          minimum: 1\n          maximum: 1000\n          description: Working days after the reporter is notified (the case closed) within which a claim is accepted.\n        determinationWorkingDays:\n          type: integer\n          minimum: 1\n          maximum: 1000\n          description: Working days after the claim within which the committee must determine the amount.\n        eligibility:\n          type: object\n          required: [outcomes, conditions]\n          properties:\n            outcomes:\n              type: array\n              minItems: 1\n              items:\n                $ref: \"#/components/schemas/CaseOutcome\"\n              description: Case outcomes that make a tip eligible (checked by the server).\n            conditions:\n              type: array\n              items:\n                $ref: \"#/components/schemas/RewardEligibilityCondition\"\n              description: Conditions the handler and the committee check and cite (not machine-checked).\n          additionalProperties: false\n      additionalProperties: false\n    RewardRulesView:\n      type: object\n      required: [rules, calendar]\n      properties:\n        rules:\n          $ref: \"#/components/schemas/RewardRules\"\n        calendar:\n          type: object\n          required: [timeZone, workingDays, holidays, extraWorkingDays]\n          properties:\n            timeZone:\n              type: string\n              description: The UTC offset deadlines are counted in, e.g. `+08:00`.\n            workingDays:\n              type: string\n              const: Mon-Fri\n            holidays:\n              type: array\n              items:\n                type: string\n                format: date\n            extraWorkingDays:\n              type: array\n              description: Weekend days that are working days (make-up days).\n              items:\n                type: string\n                format: date\n          additionalProperties: false\n      additionalProperties: false\n    RewardClaimState:\n      type: string\n      description: |\n        `claimed` → `proposed` (handler) → `determined` (committee) → `payout_pending`\n        (finance approved) → `paid` or `payout_failed`.\n      enum: [claimed, proposed, determined, payout_pending, paid, payout_failed]\n    RewardClaimRequest:\n      type: object\n      properties:\n        attachAccount:\n          type: object\n          description: |\n            For an anonymous tip claimed without a reporter session: the login (phone and\n            passphrase) of the reporter account to pay. Checked like a login (rate-limited).\n          required: [phone, passphrase]\n          properties:\n            phone:\n              type: string\n              minLength: 1\n              maxLength: 32\n            passphrase:\n              type: string\n              minLength: 1\n              maxLength: 1024\n          additionalProperties: false\n      additionalProperties: false\n    ReporterRewardState:\n      type: object\n      description: The reporter's view of the reward for one tip.\n      required:\n        [status, claimDeadline, claimedAt, level, amountFen, payoutFailureReason, actionRequired, paidAt]\n      properties:\n        status:\n          type: string\n          description: \"`claimable` until the claim deadline, then `claim_expired`; after a claim, the claim's state.\"\n          enum: [claimable, claim_expired, claimed, proposed, determined, payout_pending, paid, payout_failed]\n        claimDeadline:\n          type: string\n          format: date-time\n        claimedAt:\n          type: [string, \"null\"]\n          format: date-time\n        level:\n          oneOf:\n            - $ref: \"#/components/schemas/RewardLevelNumber\"\n            - type: \"null\"\n        amountFen:\n          oneOf:\n            - $ref: \"#/components/schemas/MoneyFen\"\n            - type: \"null\"\n        payoutFailureReason:\n          type: [string, \"null\"]\n        actionRequired:\n          type: [string, \"null\"]\n          enum: [attach_account, fix_account_name, null]\n          description: What the reporter must do for the reward to be paid.\n        paidAt:\n          type: [string, \"null\"]\n          format: date-time\n      additionalProperties: false\n    RewardAmountBounds:\n      type: object\n      required: [minFen, maxFen]\n      properties:\n        minFen:\n          $ref: \"#/components/schemas/MoneyFen\"\n        maxFen:\n          $ref: \"#/components/schemas/MoneyFen\"\n      additionalProperties: false\n    RewardClaim:\n      type: object\n      description: The staff view of a claim. The identity code stands in for the reporter.\n      required:\n        [\n          id,\n          identityCode,\n          caseId,\n          state,\n          profileId,\n          basisFen,\n          level,\n          internalWhistleblower,\n          proposalReasons,\n          ruleAmountFen,\n          amountBounds,\n          amountFen,\n          deviationReason,\n          claimedAt,\n          determinationDueAt,\n          overdue,\n          proposedAt,\n          determinedAt,\n          approvedAt,\n          payout,\n        ]\n      properties:\n        id:\n          type: string\n        identityCode:\n          $ref: \"#/components/schemas/IdentityCode\"\n        caseId:\n          type: string\n        state:\n          $ref: \"#/components/schemas/RewardClaimState\"\n        profileId:\n          type: string\n        basisFen:\n          $ref: \"#/components/schemas/MoneyFen\"\n        level:\n          oneOf:\n            - $ref: \"#/components/schemas/RewardLevelNumber\"\n            - type: \"null\"\n        internalWhistleblower:\n          type: [boolean, \"null\"]\n        proposalReasons:\n          type: [string, \"null\"]\n        ruleAmountFen:\n          oneOf:\n            - $ref: \"#/components/schemas/MoneyFen\"\n            - type: \"null\"\n        amountBounds:\n          oneOf:\n            - $ref: \"#/components/schemas/RewardAmountBounds\"\n            - type: \"null\"\n        amountFen:\n          oneOf:\n            - $ref: \"#/components/schemas/MoneyFen\"\n            - type: \"null\"\n        deviationReason:\n          type: [string, \"null\"]\n        claimedAt:\n          type: string\n          format: date-time\n        determinationDueAt:\n          type: string\n          format: date-time\n        overdue:\n          type: boolean\n          description: Past the determination deadline without a determination.\n        proposedAt:\n          type: [string, \"null\"]\n          format: date-time\n        determinedAt:\n          type: [string, \"null\"]\n          format: date-time\n        approvedAt:\n          type: [string, \"null\"]\n          format: date-time\n        payout:\n          oneOf:\n            - $ref: \"#/components/schemas/PayoutSummary\"\n            - type: \"null\"\n      additionalProperties: false\n    PayoutSummary:\n      type: object\n      required: [id, state, amountFen, failureReason, attempts, paidAt]\n      properties:\n        id:\n          type: string\n        state:\n          type: string\n          enum: [pending, submitting, paid, failed]\n        amountFen:\n          $ref: \"#/components/schemas/MoneyFen\"\n        failureReason:\n          type: [string, \"null\"]\n        attempts:\n          type: integer\n          minimum: 0\n        paidAt:\n          type: [string, \"null\"]\n          format: date-time\n      additionalProperties: false\n    RewardClaimList:\n      type: object\n      required: [items]\n      properties:\n        items:\n          type: array\n          items:\n            $ref: \"#/components/schemas/RewardClaim\"\n      additionalProperties: false\n    RewardProposal:\n      type: object\n      required: [level, internalWhistleblower, reasons]\n      properties:\n        level:\n          $ref: \"#/components/schemas/RewardLevelNumber\"\n        internalWhistleblower:\n          type: boolean\n          description: The reporter is an insider of the shop (raises the rule's bounds).\n        reasons:\n          type: string\n          minLength: 1\n          maxLength: 5000\n          pattern: \"\\\\S\"\n      additionalProperties: false\n    RewardDetermination:\n      type: object\n      properties:\n        amountFen:\n          $ref: \"#/components/schemas/MoneyFen\"\n        reason:\n          type: string\n          minLength: 1\n          maxLength: 5000\n          pattern: \"\\\\S\"\n          description: Required when `amountFen` differs from the rule's amount.\n      additionalProperties: false\n    PayoutApproval:\n      type: object\n      properties:\n        note:\n          type: string\n          maxLength: 2000\n      additionalProperties: false\n    IdentityAccessNotice:\n      type: object\n      description: One opening of the reporter's sealed identity (EU 2019/1937 Art. 16).\n      required: [accessedAt, legalBasis, reason, approvals]\n      properties:\n        accessedAt:\n          type: string\n          format: date-time\n        legalBasis:\n          type: string\n        reason:\n          type: string\n        approvals:\n          type: integer\n          minimum: 1\n          description: How many auditors approved the opening.\n        opened:\n          type: string\n          enum: [identity, evidence_original, text_original]\n          description: What was opened (absent in notices from before originals could be opened; those were the identity).\n      additionalProperties: false\n    UnsealRequestState:\n      type: string\n      description: \"`pending` → `approved` (k shares) → `opened` (once); `expired` when not opened in time.\"\n      enum: [pending, approved, opened, expired]\n    UnsealRequestCreate:\n      type: object\n      required: [caseId, legalBasis, reason]\n      properties:\n        caseId:\n          type: string\n          pattern: \"^case_[0-9a-z]{26}$\"\n        legalBasis:\n          type: string\n          minLength: 3\n          maxLength: 500\n          pattern: \"\\\\S\"\n          description: The legal provision or order the opening rests on.\n        reason:\n          type: string\n          minLength: 10\n          maxLength: 5000\n          pattern: \"\\\\S\"\n        target:\n          $ref: \"#/components/schemas/UnsealTarget\"\n      additionalProperties: false\n    UnsealTarget:\n      type: object\n      description: |\n        What the request opens: the reporter's sealed `identity` (the default), the sealed\n        original of an evidence file (`evidence_original`: the file as uploaded, unredacted, with\n        its metadata; name `evidenceId`), or a text as it was before a redaction\n        (`text_original`: name the text redaction's `redactionId`). Originals are downloaded\n        with `openUnsealedOriginal`.\n      required: [type]\n      properties:\n        type:\n          type: string\n          enum: [identity, evidence_original, text_original]\n        evidenceId:\n          type: string\n          pattern: \"^[a-z]+_[0-9a-z]{26}$\"\n        redactionId:\n          type: string\n          pattern: \"^red_[0-9a-z]{26}$\"\n      additionalProperties: false\n    UnsealShareSubmission:\n      type: object\n      required: [share]\n      properties:\n        share:\n          type: string\n          minLength: 10\n          maxLength: 200\n          description: The auditor's share, `EZA1.<kid>.<base64url>`.\n      additionalProperties: false\n    UnsealedIdentity:\n      type: object\n      description: The reporter's identity as sealed at registration; returned once, to the requester only.\n      required: [realName, residentId, phone, bankAccount, identityVersion]\n      properties:\n        realName:\n          type: string\n        residentId:\n          type: string\n        phone:\n          type: string\n        bankAccount:\n          type: object\n          required: [bankName, accountNumber, accountName]\n          properties:\n            bankName:\n              type: string\n            accountNumber:\n              type: string\n            accountName:\n              type: string\n          additionalProperties: false\n        identityVersion:\n          type: integer\n          minimum: 1\n          description: The version of the sealed identity that was opened (the latest on file).\n      additionalProperties: false\n    UnsealRequestCore:\n      type: object\n      required:\n        [\n          id,\n          caseId,\n          identityCode,\n          legalBasis,\n          reason,\n          state,\n          threshold,\n          approvals,\n          requestedBy,\n          createdAt,\n          expiresAt,\n          openedAt,\n          target,\n        ]\n      properties:\n        id:\n          type: string\n        caseId:\n          type: string\n        target:\n          $ref: \"#/components/schemas/UnsealTarget\"\n        identityCode:\n          $ref: \"#/components/schemas/IdentityCode\"\n        legalBasis:\n          type: string\n        reason:\n          type: string\n        state:\n          $ref: \"#/components/schemas/UnsealRequestState\"\n        threshold:\n          type: integer\n          minimum: 2\n        approvals:\n          type: array\n          items:\n            type: object\n            required: [auditorId, submittedAt]\n            properties:\n              auditorId:\n                type: string\n              submittedAt:\n                type: string\n                format: date-time\n            additionalProperties: false\n        requestedBy:\n          type: string\n        createdAt:\n          type: string\n          format: date-time\n        expiresAt:\n          type: string\n          format: date-time\n        openedAt:\n          type: [string, \"null\"]\n          format: date-time\n        identity:\n          description: Present once, in the response that opens the request for its requester.\n          oneOf:\n            - $ref: \"#/components/schemas/UnsealedIdentity\"\n            - type: \"null\"\n    UnsealRequest:\n      allOf:\n        - $ref: \"#/components/schemas/UnsealRequestCore\"\n      unevaluatedProperties: false\n    UnsealRequestCreated:\n      allOf:\n        - $ref: \"#/components/schemas/UnsealRequestCore\"\n        - type: object\n          required: [oneTimeKey]\n          properties:\n            oneTimeKey:\n              type: string\n              description: The requester's one-time X25519 private key (base64url), shown only here.\n      unevaluatedProperties: false\n    ShopSearchHit:\n      type: object\n      description: A shop's public listing data, as a platform shows it to diners.\n      required: [id, name, address, districtCode, platformId, platformShopId]\n      properties:\n        id:\n          type: string\n        name:\n          type: string\n        address:\n          type: [string, \"null\"]\n        districtCode:\n          type: [string, \"null\"]\n        platformId:\n          type: [string, \"null\"]\n        platformShopId:\n          type: [string, \"null\"]\n      additionalProperties: false\n    ShopListing:\n      type: object\n      description: |\n        One listing in a shop feed. Checked row by row by the server (not by the request\n        schema), so one bad row never blocks the batch. Dates are `YYYY-MM-DD`.\n      required: [platformShopId, name]\n      properties:\n        platformShopId:\n          type: string\n          minLength: 1\n          maxLength: 128\n        name:\n          type: string\n          minLength: 1\n          maxLength: 200\n        address:\n          type: [string, \"null\"]\n          maxLength: 500\n        districtCode:\n          description: A district of the deployment's reference data (`listDistricts`); unknown codes are refused.\n          type: [string, \"null\"]\n        licenceNumber:\n          type: [string, \"null\"]\n          maxLength: 64\n        licenceExpiry:\n          type: [string, \"null\"]\n          format: date\n        licenceIssued:\n          type: [string, \"null\"]\n          format: date\n        categories:\n          type: array\n          maxItems: 20\n          items:\n            type: string\n            maxLength: 64\n        rating:\n          type: [number, \"null\"]\n          minimum: 0\n          maximum: 5\n        complaintCount:\n          type: integer\n          minimum: 0\n        online:\n          type: boolean\n        area:\n          type: [string, \"null\"]\n          maxLength: 64\n          description: The source's own area (postal code, ward, community area) that area-level covariates are keyed by.\n        extra:\n          type: object\n          description: Any other attribute (facility type, seats, licence kinds …) for the risk model's data-declared features; strings, numbers, booleans or lists of strings.\n          maxProperties: 32\n          additionalProperties:\n            anyOf:\n              - type: [string, number, boolean, \"null\"]\n              - type: array\n                items:\n                  type: string\n      additionalProperties: false\n    ShopFeedBatch:\n      type: object\n      required: [shops]\n      properties:\n        shops:\n          type: array\n          maxItems: 10000\n          description: ShopListing objects; each is checked on its own (a bad row is reported, not fatal).\n          items:\n            anyOf:\n              - $ref: \"#/components/schemas/ShopListing\"\n              - type: object\n      additionalProperties: false\n    RowRejection:\n      type: object\n      required: [row, reason]\n      properties:\n        row:\n          type: integer\n          description: The record's number in the file or batch, 1-based, not counting a CSV header.\n        field:\n          type: string\n        reason:\n          type: string\n      additionalProperties: false\n    ShopFeedResult:\n      type: object\n      required: [received, created, updated, unchanged, rejected, rejections]\n      properties:\n        received:\n          type: integer\n        created:\n          type: integer\n        updated:\n          type: integer\n        unchanged:\n          type: integer\n        rejected:\n          type: integer\n        rejections:\n          type: array\n          description: The first 100 refused rows.\n          items:\n            $ref: \"#/components/schemas/RowRejection\"\n      additionalProperties: false\n    InspectionImportResult:\n      type: object\n      required:\n        [importId, source, mapping, rowsRead, inserted, duplicates, rejected, rejectedByReason, rejections]\n      properties:\n        importId:\n          type: string\n        source:\n          type: string\n        mapping:\n          type: string\n        rowsRead:\n          type: integer\n        inserted:\n          type: integer\n        duplicates:\n          type: integer\n          description: Records already loaded (same source and record key); skipped.\n        rejected:\n          type: integer\n        rejectedByReason:\n          type: object\n          additionalProperties:\n            type: integer\n        rejections:\n          type: array\n          description: The first 100 refused rows.\n          items:\n            $ref: \"#/components/schemas/RowRejection\"\n      additionalProperties: false\n    CovariateImportResult:\n      type: object\n      required: [importId, datasets, rowsRead, inserted, duplicates, rejected, rejectedByReason, rejections]\n      properties:\n        importId:\n          type: string\n        datasets:\n          type: array\n          items:\n            type: string\n        rowsRead:\n          type: integer\n        inserted:\n          type: integer\n        duplicates:\n          type: integer\n        rejected:\n          type: integer\n        rejectedByReason:\n          type: object\n          additionalProperties:\n            type: integer\n        rejections:\n          type: array\n          items:\n            $ref: \"#/components/schemas/RowRejection\"\n      additionalProperties: false\n    InspectionTaskOutcome:\n      type: string\n      description: \"`violation_found`, `no_violation`, `shop_closed` (no longer trading), `shop_not_found`.\"\n      enum: [violation_found, no_violation, shop_closed, shop_not_found]\n    InspectionTaskCompletion:\n      type: object\n      required: [outcome]\n      properties:\n        outcome:\n          $ref: \"#/components/schemas/InspectionTaskOutcome\"\n        inspectedOn:\n          type: string\n          format: date\n          description: The day of the inspection (default today).\n        critical:\n          type: integer\n          minimum: 0\n          maximum: 1000\n        serious:\n          type: integer\n          minimum: 0\n          maximum: 1000\n        minor:\n          type: integer\n          minimum: 0\n          maximum: 1000\n        note:\n          type: string\n          maxLength: 2000\n      additionalProperties: false\n    InspectionTask:\n      type: object\n      required:\n        [\n          id,\n          shopId,\n          shopName,\n          address,\n          assignedUnit,\n          districtCode,\n          riskRunId,\n          modelVersion,\n          score,\n          tier,\n          priority,\n          basis,\n          explanation,\n          status,\n          createdAt,\n          completedAt,\n          outcome,\n          completion,\n        ]\n      properties:\n        id:\n          type: string\n        shopId:\n          type: string\n        shopName:\n          type: string\n        address:\n          type: [string, \"null\"]\n        assignedUnit:\n          type: string\n          enum: [district_bureau, enforcement_detachment]\n        districtCode:\n          type: [string, \"null\"]\n        riskRunId:\n          type: string\n        modelVersion:\n          type: integer\n        score:\n          type: number\n        tier:\n          $ref: \"#/components/schemas/RiskTier\"\n        priority:\n          type: integer\n          description: Rank within the unit at the run (1 = inspect first).\n        basis:\n          type: string\n          enum: [risk_score]\n          description: Why the task exists; a risk score is a reason to look, never a finding.\n        explanation:\n          type: array\n          description: The score's largest contributions when the task was made.\n          items:\n            $ref: \"#/components/schemas/RiskContribution\"\n        status:\n          type: string\n          enum: [open, completed]\n        createdAt:\n          type: string\n          format: date-time\n        completedAt:\n          type: [string, \"null\"]\n          format: date-time\n        outcome:\n          oneOf:\n            - $ref: \"#/components/schemas/InspectionTaskOutcome\"\n            - type: \"null\"\n        completion:\n          oneOf:\n            - type: object\n              required: [inspectedOn, critical, serious, minor, note, inspectionRecorded]\n              properties:\n                inspectedOn:\n                  type: string\n                  format: date\n                critical:\n                  type: integer\n                serious:\n                  type: integer\n                minor:\n                  type: integer\n                note:\n                  type: [string, \"null\"]\n                inspectionRecorded:\n                  type: boolean\n              additionalProperties: false\n            - type: \"null\"\n      additionalProperties: false\n    RiskIndicatorId:\n      type: string\n      description: An indicator of the catalogue; see `docs/risk-index.md` for each definition.\n      enum:\n        - critical_recent\n        - serious_recent\n        - minor_recent\n        - last_critical\n        - last_serious\n        - last_score_deficit\n        - inspection_count\n        - never_inspected\n        - days_since_inspection\n        - licence_missing\n        - licence_expired\n        - licence_age_years\n        - complaint_count\n        - tip_count\n        - confirmed_violations\n        - prior_takedowns\n        - rating_deficit\n        - offline\n    RiskTransform:\n      type: string\n      enum: [identity, log1p, sqrt, binary, cap]\n    RiskTier:\n      type: string\n      description: A (lowest risk) to D (highest), as in SAMR's food business risk grading.\n      enum: [A, B, C, D]\n    RiskFeature:\n      type: object\n      description: |\n        A feature declared over the data (instead of a catalogue indicator); see\n        `docs/risk-index.md` § \"Features from data\". `source`:\n        `shop` — a shop column (`rating`, `complaintCount`, `area`, `districtCode`,\n        `platformId`, `categories`, or `extra.NAME` for any column a mapping carried);\n        `previous` — the latest earlier inspection's column (`score`, `critical`, `serious`,\n        `minor`, `result`, or `extra.NAME`, e.g. `extra.inspector`);\n        `history` — an aggregate (`count`, `sum`, `mean`, `rate` = share with a value above 0,\n        `trend` = latest minus mean) of an inspection column over the trailing `windowDays`;\n        `covariate` — an aggregate (`sum`, `mean`, `count`, `last`) of an imported covariate\n        data set for the shop's area (or city-wide rows, area `*`) over the trailing\n        `windowDays`. `type` `category` one-hot encodes a text value, `categories` a list\n        (multi-hot); both get `levels` from calibration (values seen at least `minCount` times)\n        and an \"other\" level. Everything reads only records dated before the moment scored.\n      required: [source]\n      properties:\n        source:\n          type: string\n          enum: [shop, previous, history, covariate]\n        field:\n          type: string\n          maxLength: 80\n        type:\n          type: string\n          description: numeric (the default), category or categories.\n          enum: [numeric, category, categories]\n        aggregate:\n          type: string\n          enum: [count, sum, mean, rate, trend, last]\n        windowDays:\n          type: integer\n          description: The trailing window in days (default 365).\n          minimum: 1\n          maximum: 3650\n        dataset:\n          type: string\n          pattern: \"^[a-z0-9-]{1,64}$\"\n      additionalProperties: false\n    RiskFeatureLevel:\n      type: object\n      required: [value, weight]\n      properties:\n        value:\n          type: string\n          maxLength: 200\n          description: The level's value (\"\" is the level of a missing value).\n        weight:\n          type: number\n          description: Log-odds the level adds (before the feature's `center` is taken off).\n      additionalProperties: false\n    RiskModelIndicator:\n      type: object\n      description: |\n        One input of the model: a catalogue `indicator`, or a `feature` declared over the data\n        with a `name` of its own. Category features carry `levels` (and `otherWeight` for any\n        other value), set by calibration.\n      required: [weight]\n      properties:\n        indicator:\n          $ref: \"#/components/schemas/RiskIndicatorId\"\n        name:\n          type: string\n          pattern: \"^[a-z][a-z0-9_]{0,63}$\"\n          description: The feature's name (a catalogue indicator is named by its id).\n        feature:\n          $ref: \"#/components/schemas/RiskFeature\"\n        levels:\n          type: array\n          maxItems: 200\n          items:\n            $ref: \"#/components/schemas/RiskFeatureLevel\"\n        otherWeight:\n          type: number\n          description: Log-odds of any value that is not one of the levels.\n        minCount:\n          type: integer\n          minimum: 1\n          description: Calibration keeps a value as a level when the training data holds it at least this often (default 20).\n        weight:\n          type: number\n          description: Log-odds per unit of the standardised, transformed value (|weight| ≤ 50); for a category feature, a factor on its level weights (calibration sets 1).\n        transform:\n          $ref: \"#/components/schemas/RiskTransform\"\n        cap:\n          type: number\n          description: The upper bound for the `cap` transform.\n        center:\n          type: number\n          description: Subtracted from the transformed value (calibration sets the training mean).\n        scale:\n          type: number\n          description: Divides the centred value (calibration sets the training standard deviation).\n      additionalProperties: false\n    RiskTierThresholds:\n      type: object\n      description: The lowest score (0–100) of tiers B, C and D; ascending.\n      required: [B, C, D]\n      properties:\n        B:\n          type: number\n        C:\n          type: number\n        D:\n          type: number\n      additionalProperties: false\n    RiskModelFields:\n      type: object\n      required: [intercept, halfLifeDays, indicators, tiers]\n      properties:\n        name:\n          type: string\n          maxLength: 200\n        description:\n          type: string\n          maxLength: 4000\n        intercept:\n          type: number\n        halfLifeDays:\n          type: number\n          description: Half-life of the recency weighting of past violations, in days (1–3650).\n        indicators:\n          type: array\n          minItems: 1\n          maxItems: 64\n          items:\n            $ref: \"#/components/schemas/RiskModelIndicator\"\n        tiers:\n          $ref: \"#/components/schemas/RiskTierThresholds\"\n        leadTier:\n          $ref: \"#/components/schemas/RiskTier\"\n        calibration:\n          type: object\n          description: How the weights were fitted (set by calibration; informational).\n          additionalProperties: true\n    RiskModelInput:\n      description: An indicator model; see `docs/risk-index.md` for how to write one.\n      allOf:\n        - $ref: \"#/components/schemas/RiskModelFields\"\n      unevaluatedProperties: false\n    RiskModel:\n      allOf:\n        - $ref: \"#/components/schemas/RiskModelFields\"\n        - type: object\n          required: [version, createdAt, createdBy]\n          properties:\n            version:\n              type: integer\n            createdAt:\n              type: string\n              format: date-time\n            createdBy:\n              type: string\n      unevaluatedProperties: false\n    RiskRunRequest:\n      type: object\n      properties:\n        asOf:\n          type: string\n          format: date\n          description: Score as of this day (default today); only records dated before it count.\n        modelVersion:\n          type: integer\n          minimum: 1\n        createLeads:\n          type: boolean\n          description: |\n            Send each platform-listed shop of the lead tier to its platform as a **priority\n            check** lead (`basis: priority_check`, `requestedAction: review`): a reason to review\n            the listing, never a confirmed violation.\n        createTasks:\n          type: boolean\n          description: Make inspection tasks for the shops of the model's lead tier and above, for each shop's district bureau (or the city enforcement detachment), highest score first.\n        tasksPerUnit:\n          type: integer\n          minimum: 1\n          maximum: 10000\n          description: At most this many new tasks per unit and run (default 100), the highest scores.\n      additionalProperties: false\n    RiskRun:\n      type: object\n      required:\n        [\n          id,\n          modelVersion,\n          asOf,\n          status,\n          startedAt,\n          finishedAt,\n          shopsScored,\n          tierCounts,\n          leads,\n          tasks,\n          durationMs,\n        ]\n      properties:\n        id:\n          type: string\n        modelVersion:\n          type: integer\n        asOf:\n          type: string\n          format: date\n        status:\n          type: string\n          enum: [running, completed, failed]\n        startedAt:\n          type: string\n          format: date-time\n        finishedAt:\n          type: [string, \"null\"]\n          format: date-time\n        shopsScored:\n          type: integer\n        tierCounts:\n          type: object\n          required: [A, B, C, D]\n          properties:\n            A:\n              type: integer\n            B:\n              type: integer\n            C:\n              type: integer\n            D:\n              type: integer\n          additionalProperties: false\n        leads:\n          type: object\n          required: [requested, created, skippedOpenLead, skippedNoPlatform]\n          properties:\n            requested:\n              type: boolean\n            created:\n              type: integer\n            skippedOpenLead:\n              type: integer\n            skippedNoPlatform:\n              type: integer\n          additionalProperties: false\n        tasks:\n          type: object\n          description: Inspection tasks the run made (createTasks).\n          required: [requested, created, skippedOpenTask, byUnit]\n          properties:\n            requested:\n              type: boolean\n            created:\n              type: integer\n            skippedOpenTask:\n              type: integer\n            byUnit:\n              type: object\n              description: Tasks made per district code (`detachment` for shops without a district).\n              additionalProperties:\n                type: integer\n          additionalProperties: false\n        durationMs:\n          type: integer\n      additionalProperties: false\n    RiskContribution:\n      type: object\n      required: [indicator, value, contribution]\n      properties:\n        indicator:\n          type: string\n          description: The catalogue indicator's id or the feature's name.\n        value:\n          type: number\n          description: The indicator's raw value for this shop as of the run (for a category feature, its level code).\n        levels:\n          type: array\n          description: For a category feature, the shop's levels (`(other)` for a value that is not one of the model's levels).\n          items:\n            type: string\n        contribution:\n          type: number\n          description: What it adds to the log-odds, relative to the model's centre (positive raises the risk).\n      additionalProperties: false\n    ShopRisk:\n      type: object\n      required:\n        [runId, modelVersion, asOf, shopId, shopName, districtCode, platformId, score, tier, contributions]\n      properties:\n        runId:\n          type: string\n        modelVersion:\n          type: integer\n        asOf:\n          type: string\n          format: date\n        shopId:\n          type: string\n        shopName:\n          type: string\n        districtCode:\n          type: [string, \"null\"]\n        platformId:\n          type: [string, \"null\"]\n        score:\n          type: number\n          minimum: 0\n          maximum: 100\n        tier:\n          $ref: \"#/components/schemas/RiskTier\"\n        contributions:\n          type: array\n          description: Every indicator of the model, largest contribution first.\n          items:\n            $ref: \"#/components/schemas/RiskContribution\"\n      additionalProperties: false\n    RiskDateWindow:\n      type: object\n      description: Days from `start` (inclusive) to `end` (exclusive), `YYYY-MM-DD`.\n      properties:\n        start:\n          type: string\n          format: date\n        end:\n          type: string\n          format: date\n      additionalProperties: false\n    RiskDateWindowResult:\n      type: object\n      required: [start, end]\n      properties:\n        start:\n          type: string\n          format: date\n        end:\n          type: string\n          format: date\n          description: Exclusive.\n      additionalProperties: false\n    RiskBacktestRequest:\n      type: object\n      description: |\n        Windows by time: `train`, `validation` and `test`, each `[start, end)`. `splitDate` is\n        short for a test window from that day to the end of the data, with the history before\n        it split into training (the first three quarters) and validation (the last quarter).\n        Settings not given (`l2`, `halfLifeDays`, `minCount`) are chosen on the validation\n        window only, from `grid` (or the defaults: l2 0.1/1/10/100; half-life 90/180/365/730\n        days when the model reads recency-weighted counts; minimum category count 5/20/50 when\n        it has category features), then refitted on training and validation together.\n      properties:\n        splitDate:\n          type: string\n          format: date\n          description: The test window starts on this day (shorthand; see above).\n        train:\n          $ref: \"#/components/schemas/RiskDateWindow\"\n        validation:\n          $ref: \"#/components/schemas/RiskDateWindow\"\n        test:\n          $ref: \"#/components/schemas/RiskDateWindow\"\n        modelVersion:\n          type: integer\n          minimum: 1\n          description: The model whose indicators are calibrated (or scored as is); default the current one.\n        calibrate:\n          type: boolean\n          default: true\n          description: \"`false` scores the model as it is, without refitting its weights.\"\n        target:\n          type: string\n          enum: [critical, critical_or_serious]\n          default: critical\n        l2:\n          type: number\n          minimum: 0\n          maximum: 100000\n        halfLifeDays:\n          type: number\n          minimum: 1\n          maximum: 3650\n        minCount:\n          type: integer\n          minimum: 1\n          maximum: 100000\n        grid:\n          type: object\n          properties:\n            l2:\n              type: array\n              minItems: 1\n              maxItems: 10\n              items:\n                type: number\n                minimum: 0\n                maximum: 100000\n            halfLifeDays:\n              type: array\n              minItems: 1\n              maxItems: 8\n              items:\n                type: number\n                minimum: 1\n                maximum: 3650\n            minCount:\n              type: array\n              minItems: 1\n              maxItems: 8\n              items:\n                type: integer\n                minimum: 1\n                maximum: 100000\n          additionalProperties: false\n        bootstrap:\n          type: integer\n          minimum: 0\n          maximum: 2000\n          default: 200\n          description: Bootstrap resamples of the test inspections for the confidence intervals.\n        saveModel:\n          type: boolean\n          default: false\n          description: Store the calibrated model as the next model version.\n      additionalProperties: false\n    RiskCurvePoint:\n      type: object\n      required: [x, y]\n      properties:\n        x:\n          type: number\n        y:\n          type: number\n      additionalProperties: false\n    RiskBacktestMetrics:\n      type: object\n      required:\n        [\n          auc,\n          aucCi,\n          hitRateTop10,\n          hitRateTop20,\n          shareFoundFirstHalf,\n          meanDaysEarlier,\n          daysEarlierCi,\n          roc,\n          lift,\n        ]\n      properties:\n        auc:\n          type: number\n        aucCi:\n          type: array\n          description: 95% bootstrap interval of the AUC (percentile).\n          minItems: 2\n          maxItems: 2\n          items:\n            type: number\n        hitRateTop10:\n          type: number\n          description: Share of the top 10% of ranked inspections that found a violation.\n        hitRateTop20:\n          type: number\n        shareFoundFirstHalf:\n          type: number\n          description: Share of all violations found in the first half of the ranked schedule.\n        meanDaysEarlier:\n          type: number\n          description: Mean days gained for violation-finding inspections when the same daily slots are reordered by score.\n        daysEarlierCi:\n          type: array\n          description: 95% bootstrap interval of the mean days earlier.\n          minItems: 2\n          maxItems: 2\n          items:\n            type: number\n        roc:\n          type: array\n          description: ROC curve points, `x` the false positive rate and `y` the true positive rate, from (0, 0) to (1, 1).\n          items:\n            $ref: \"#/components/schemas/RiskCurvePoint\"\n        lift:\n          type: array\n          description: Cumulative gains, `x` the share of the ranked schedule inspected and `y` the share of violations found, in steps of 5%.\n          items:\n            $ref: \"#/components/schemas/RiskCurvePoint\"\n      additionalProperties: false\n    RiskWarning:\n      type: object\n      description: |\n        Something a data scientist must know about a result: `indicators_dropped` (no\n        variation in the training data, weight 0), `indicators_not_calibrated` (no history,\n        kept as they were), `model_collapsed` (fewer effective indicators than declared),\n        `worse_than_baseline_on_validation`, `worse_than_baseline_on_test`.\n      required: [code, detail, indicators]\n      properties:\n        code:\n          type: string\n        detail:\n          type: string\n        indicators:\n          type: array\n          items:\n            type: string\n      additionalProperties: false\n    RiskModelSelection:\n      type: object\n      description: The settings tried on the validation window and the one chosen.\n      required: [chosen, validationAuc, validationBaselineAuc, candidates]\n      properties:\n        chosen:\n          type: object\n          required: [l2, halfLifeDays, minCount]\n          properties:\n            l2:\n              type: number\n            halfLifeDays:\n              type: number\n            minCount:\n              type: [integer, \"null\"]\n          additionalProperties: false\n        validationAuc:\n          type: number\n        validationBaselineAuc:\n          type: number\n        candidates:\n          type: array\n          items:\n            type: object\n            required: [l2, halfLifeDays, minCount, validationAuc]\n            properties:\n              l2:\n                type: number\n              halfLifeDays:\n                type: number\n              minCount:\n                type: [integer, \"null\"]\n              validationAuc:\n                type: number\n            additionalProperties: false\n      additionalProperties: false\n    RiskBacktestWindows:\n      type: object\n      required: [train, validation, test]\n      properties:\n        train:\n          $ref: \"#/components/schemas/RiskDateWindowResult\"\n        validation:\n          oneOf:\n            - $ref: \"#/components/schemas/RiskDateWindowResult\"\n            - type: \"null\"\n        test:\n          $ref: \"#/components/schemas/RiskDateWindowResult\"\n      additionalProperties: false\n    RiskBacktest:\n      type: object\n      required:\n        [\n          id,\n          createdAt,\n          splitDate,\n          target,\n          windows,\n          calibrated,\n          trainInspections,\n          testInspections,\n          testPositives,\n          testFirstInspections,\n          firstInspectionPolicy,\n          model,\n          baseline,\n          random,\n          gainOverBaseline,\n          selection,\n          warnings,\n          bootstrapResamples,\n          calibratedModel,\n          savedModelVersion,\n        ]\n      properties:\n        id:\n          type: string\n        createdAt:\n          type: string\n          format: date-time\n        splitDate:\n          type: string\n          format: date\n          description: The first day of the test window.\n        target:\n          type: string\n        windows:\n          $ref: \"#/components/schemas/RiskBacktestWindows\"\n        calibrated:\n          type: boolean\n        trainInspections:\n          type: integer\n          description: Inspections the final model was fitted on (training and validation windows).\n        testInspections:\n          type: integer\n          description: Every inspection of the test window, including those without an earlier record.\n        testPositives:\n          type: integer\n        testFirstInspections:\n          type: integer\n          description: Test inspections of shops without an earlier inspection (counted, see firstInspectionPolicy).\n        firstInspectionPolicy:\n          type: string\n        model:\n          $ref: \"#/components/schemas/RiskBacktestMetrics\"\n        baseline:\n          $ref: \"#/components/schemas/RiskBacktestMetrics\"\n        random:\n          $ref: \"#/components/schemas/RiskBacktestMetrics\"\n        gainOverBaseline:\n          type: object\n          description: Model minus baseline on the same rows, with paired bootstrap intervals.\n          required: [auc, aucCi, daysEarlier, daysEarlierCi]\n          properties:\n            auc:\n              type: number\n            aucCi:\n              type: array\n              items:\n                type: number\n            daysEarlier:\n              type: number\n            daysEarlierCi:\n              type: array\n              items:\n                type: number\n          additionalProperties: false\n        selection:\n          oneOf:\n            - $ref: \"#/components/schemas/RiskModelSelection\"\n            - type: \"null\"\n        warnings:\n          type: array\n          items:\n            $ref: \"#/components/schemas/RiskWarning\"\n        bootstrapResamples:\n          type: integer\n        calibratedModel:\n          $ref: \"#/components/schemas/RiskModelInput\"\n        savedModelVersion:\n          type: [integer, \"null\"]\n      additionalProperties: false\n    RiskBacktestSummary:\n      type: object\n      required:\n        [\n          id,\n          createdAt,\n          target,\n          windows,\n          calibrated,\n          testInspections,\n          testPositives,\n          modelAuc,\n          baselineAuc,\n          modelDaysEarlier,\n          baselineDaysEarlier,\n          warnings,\n          scoresKept,\n        ]\n      properties:\n        id:\n          type: string\n        createdAt:\n          type: string\n          format: date-time\n        target:\n          type: string\n        windows:\n          $ref: \"#/components/schemas/RiskBacktestWindows\"\n        calibrated:\n          type: boolean\n        testInspections:\n          type: integer\n        testPositives:\n          type: integer\n        modelAuc:\n          type: number\n        baselineAuc:\n          type: number\n        modelDaysEarlier:\n          type: number\n        baselineDaysEarlier:\n          type: number\n        warnings:\n          type: array\n          description: The codes of the result's warnings.\n          items:\n            type: string\n        scoresKept:\n          type: boolean\n          description: Whether the per-inspection scores can still be exported (the newest 20 backtests keep them).\n      additionalProperties: false\n";
