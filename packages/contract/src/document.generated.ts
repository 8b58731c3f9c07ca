// This file is generated from openapi/openapi.yaml by packages/contract/scripts/generate.mjs.
// Do not edit it by hand: change the YAML and run `npm run contract:generate`.

import type { OpenApiDocument } from './document.js';

export const openapiDocument: OpenApiDocument = {
  "openapi": "3.1.0",
  "info": {
    "title": "ezhili — online food delivery co-governance API",
    "version": "0.1.0",
    "summary": "One channel for regulators, delivery platforms and food-service workers.",
    "description": "The contract of the ezhili reference regulator server and of `@ezhili/sdk`.\n\n* Staff (regulator officials) authenticate with a short-lived bearer JWT from\n  `createStaffSession`, or with a token from the deployment's OIDC provider.\n* Reporters (food-service workers) authenticate with a reporter session token, or\n  follow a tip anonymously with its identity code and receipt secret.\n* Delivery platforms sign every request with a detached JWS (RFC 7797) in the\n  `Ezhili-Signature` header; see `docs/platform-integration.md`.\n\nEvery error is an RFC 9457 problem document (`application/problem+json`).\nEvery `POST` accepts an `Idempotency-Key` header: a retry with the same key and the\nsame body returns the stored response and creates nothing new; the same key with a\ndifferent body is refused with `409`.\n",
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
        "security": [],
        "responses": {
          "200": {
            "description": "The server is up and its database answers.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          },
          "503": {
            "description": "The server is up but its database does not answer.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
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
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Jwks"
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
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "A session token.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/StaffSession"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
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
    "/staff/me": {
      "get": {
        "operationId": "getCurrentStaff",
        "tags": [
          "staff"
        ],
        "summary": "Who am I",
        "security": [
          {
            "staffBearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "The authenticated staff member and their roles.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/StaffMember"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "default": {
            "$ref": "#/components/responses/Problem"
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
        "description": "A detached JWS (RFC 7797, `b64: false`, `crit: [\"b64\"]`) over the exact raw\nrequest body, with protected `kid`, `iat`, `jti`, `htm` (method) and `htu`\n(path), signed with EdDSA (Ed25519) or ES256 by a key in the platform's JWKS.\n"
      }
    },
    "parameters": {
      "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "A unique key (1–255 printable characters) per logical operation. Retries with the\nsame key and body return the first response; a different body is a `409`.\n",
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
        "description": "Opaque cursor from a previous page's `nextCursor`.",
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
      }
    },
    "headers": {
      "CacheControl": {
        "schema": {
          "type": "string"
        }
      },
      "RetryAfter": {
        "description": "Seconds to wait before retrying.",
        "schema": {
          "type": "integer",
          "minimum": 0
        }
      }
    },
    "responses": {
      "Problem": {
        "description": "An RFC 9457 problem document.",
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
              "https://ezhili.dev/problems/validation"
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
      }
    }
  }
};

export const openapiYaml: string = "openapi: 3.1.0\ninfo:\n  title: ezhili — online food delivery co-governance API\n  version: 0.1.0\n  summary: One channel for regulators, delivery platforms and food-service workers.\n  description: |\n    The contract of the ezhili reference regulator server and of `@ezhili/sdk`.\n\n    * Staff (regulator officials) authenticate with a short-lived bearer JWT from\n      `createStaffSession`, or with a token from the deployment's OIDC provider.\n    * Reporters (food-service workers) authenticate with a reporter session token, or\n      follow a tip anonymously with its identity code and receipt secret.\n    * Delivery platforms sign every request with a detached JWS (RFC 7797) in the\n      `Ezhili-Signature` header; see `docs/platform-integration.md`.\n\n    Every error is an RFC 9457 problem document (`application/problem+json`).\n    Every `POST` accepts an `Idempotency-Key` header: a retry with the same key and the\n    same body returns the stored response and creates nothing new; the same key with a\n    different body is refused with `409`.\n  license:\n    name: Apache-2.0\n    identifier: Apache-2.0\n  contact:\n    name: ezhili maintainers\n    url: https://ezhili.example/docs\nservers:\n  - url: http://localhost:8787\n    description: Local demo server (`npm start`)\nsecurity: []\ntags:\n  - name: system\n    description: Health, keys and the contract itself.\n  - name: staff\n    description: Regulator staff sessions and roles.\n  - name: reference\n    description: Reference data (districts).\npaths:\n  /healthz:\n    get:\n      operationId: getHealth\n      tags: [system]\n      summary: Liveness and database reachability\n      security: []\n      responses:\n        '200':\n          description: The server is up and its database answers.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Health'\n        '503':\n          description: The server is up but its database does not answer.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Health'\n        '4XX':\n          $ref: '#/components/responses/Problem'\n        default:\n          $ref: '#/components/responses/Problem'\n  /.well-known/jwks.json:\n    get:\n      operationId: getJwks\n      tags: [system]\n      summary: The regulator's public signing keys\n      description: |\n        Ed25519 public keys (JWK, `OKP`/`Ed25519`) that sign webhooks, receipts and\n        decisions. Several keys may be listed during a rotation; pick by `kid`.\n      security: []\n      responses:\n        '200':\n          description: The JSON Web Key Set.\n          headers:\n            Cache-Control:\n              $ref: '#/components/headers/CacheControl'\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Jwks'\n        '4XX':\n          $ref: '#/components/responses/Problem'\n        default:\n          $ref: '#/components/responses/Problem'\n  /districts:\n    get:\n      operationId: listDistricts\n      tags: [reference]\n      summary: The districts this deployment serves\n      description: County-level divisions with their GB/T 2260 codes; tips and shops name one of them.\n      security: []\n      responses:\n        '200':\n          description: All districts.\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [items]\n                properties:\n                  items:\n                    type: array\n                    items:\n                      $ref: '#/components/schemas/District'\n                additionalProperties: false\n        '4XX':\n          $ref: '#/components/responses/Problem'\n        default:\n          $ref: '#/components/responses/Problem'\n  /staff/sessions:\n    post:\n      operationId: createStaffSession\n      tags: [staff]\n      summary: Log in as staff\n      description: |\n        Exchanges an email and password for a short-lived bearer token. A wrong email\n        and a wrong password get the same answer. Attempts are rate-limited per account\n        and per client address.\n      security: []\n      parameters:\n        - $ref: '#/components/parameters/IdempotencyKey'\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/StaffLogin'\n      responses:\n        '201':\n          description: A session token.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/StaffSession'\n        '400':\n          $ref: '#/components/responses/Problem'\n        '401':\n          $ref: '#/components/responses/Problem'\n        '429':\n          $ref: '#/components/responses/TooManyRequests'\n        default:\n          $ref: '#/components/responses/Problem'\n  /staff/me:\n    get:\n      operationId: getCurrentStaff\n      tags: [staff]\n      summary: Who am I\n      security:\n        - staffBearer: []\n      responses:\n        '200':\n          description: The authenticated staff member and their roles.\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/StaffMember'\n        '401':\n          $ref: '#/components/responses/Problem'\n        default:\n          $ref: '#/components/responses/Problem'\ncomponents:\n  securitySchemes:\n    staffBearer:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\n      description: |\n        A staff token from `createStaffSession` (HS256, short-lived), or in OIDC mode a\n        token from the deployment's identity provider, verified through its JWKS.\n    reporterSession:\n      type: http\n      scheme: bearer\n      bearerFormat: opaque\n      description: A reporter session token from `createReporterSession`.\n    platformSignature:\n      type: apiKey\n      in: header\n      name: Ezhili-Signature\n      description: |\n        A detached JWS (RFC 7797, `b64: false`, `crit: [\"b64\"]`) over the exact raw\n        request body, with protected `kid`, `iat`, `jti`, `htm` (method) and `htu`\n        (path), signed with EdDSA (Ed25519) or ES256 by a key in the platform's JWKS.\n  parameters:\n    IdempotencyKey:\n      name: Idempotency-Key\n      in: header\n      required: false\n      description: |\n        A unique key (1–255 printable characters) per logical operation. Retries with the\n        same key and body return the first response; a different body is a `409`.\n      schema:\n        type: string\n        minLength: 1\n        maxLength: 255\n        pattern: '^[\\x21-\\x7E]+$'\n    Cursor:\n      name: cursor\n      in: query\n      required: false\n      description: Opaque cursor from a previous page's `nextCursor`.\n      schema:\n        type: string\n        maxLength: 512\n    Limit:\n      name: limit\n      in: query\n      required: false\n      schema:\n        type: integer\n        minimum: 1\n        maximum: 500\n        default: 50\n  headers:\n    CacheControl:\n      schema:\n        type: string\n    RetryAfter:\n      description: Seconds to wait before retrying.\n      schema:\n        type: integer\n        minimum: 0\n  responses:\n    Problem:\n      description: An RFC 9457 problem document.\n      content:\n        application/problem+json:\n          schema:\n            $ref: '#/components/schemas/Problem'\n    TooManyRequests:\n      description: Too many attempts; retry after the given number of seconds.\n      headers:\n        Retry-After:\n          $ref: '#/components/headers/RetryAfter'\n      content:\n        application/problem+json:\n          schema:\n            $ref: '#/components/schemas/Problem'\n  schemas:\n    Problem:\n      type: object\n      description: RFC 9457 problem details. Never carries personal data or stack traces.\n      required: [type, title, status]\n      properties:\n        type:\n          type: string\n          description: A URI reference naming the problem type (see `docs/errors.md`).\n          examples: ['https://ezhili.dev/problems/validation']\n        title:\n          type: string\n        status:\n          type: integer\n          minimum: 400\n          maximum: 599\n        detail:\n          type: string\n        instance:\n          type: string\n        code:\n          type: string\n          description: A stable machine-readable code, e.g. `validation`, `not_found`.\n        requestId:\n          type: string\n          description: The `X-Request-Id` of the request, for support.\n        errors:\n          type: array\n          description: Individual validation failures.\n          items:\n            $ref: '#/components/schemas/ProblemFieldError'\n      additionalProperties: true\n    ProblemFieldError:\n      type: object\n      required: [pointer, detail]\n      properties:\n        pointer:\n          type: string\n          description: JSON Pointer (or `#/query/x`, `#/header/x`, `#/row/N`) to the bad value.\n        detail:\n          type: string\n      additionalProperties: false\n    Health:\n      type: object\n      required: [status, database, version, time]\n      properties:\n        status:\n          type: string\n          enum: [ok, degraded]\n        database:\n          type: string\n          enum: [ok, unreachable]\n        version:\n          type: string\n        time:\n          type: string\n          format: date-time\n      additionalProperties: false\n    Jwk:\n      type: object\n      required: [kty, kid]\n      properties:\n        kty:\n          type: string\n        kid:\n          type: string\n        crv:\n          type: string\n        x:\n          type: string\n        y:\n          type: string\n        n:\n          type: string\n        e:\n          type: string\n        alg:\n          type: string\n        use:\n          type: string\n      additionalProperties: true\n    Jwks:\n      type: object\n      required: [keys]\n      properties:\n        keys:\n          type: array\n          items:\n            $ref: '#/components/schemas/Jwk'\n      additionalProperties: false\n    DistrictCode:\n      type: string\n      description: A six-digit administrative division code (GB/T 2260), e.g. `350102` (Gulou, Fuzhou).\n      pattern: '^[0-9]{6}$'\n    District:\n      type: object\n      required: [code, nameZh, nameEn, cityCode]\n      properties:\n        code:\n          $ref: '#/components/schemas/DistrictCode'\n        nameZh:\n          type: string\n        nameEn:\n          type: string\n        cityCode:\n          $ref: '#/components/schemas/DistrictCode'\n      additionalProperties: false\n    StaffRole:\n      type: string\n      enum:\n        - intake\n        - district_handler\n        - detachment_handler\n        - reward_committee\n        - finance\n        - auditor\n        - admin\n    StaffLogin:\n      type: object\n      required: [email, password]\n      properties:\n        email:\n          type: string\n          format: email\n          maxLength: 254\n        password:\n          type: string\n          minLength: 1\n          maxLength: 1024\n      additionalProperties: false\n    StaffSession:\n      type: object\n      required: [token, tokenType, expiresAt, staff]\n      properties:\n        token:\n          type: string\n        tokenType:\n          type: string\n          const: Bearer\n        expiresAt:\n          type: string\n          format: date-time\n        staff:\n          $ref: '#/components/schemas/StaffMember'\n      additionalProperties: false\n    StaffMember:\n      type: object\n      required: [id, email, displayName, roles, districtCode]\n      properties:\n        id:\n          type: string\n        email:\n          type: string\n        displayName:\n          type: string\n        roles:\n          type: array\n          items:\n            $ref: '#/components/schemas/StaffRole'\n        districtCode:\n          description: The district a `district_handler` is bound to; null otherwise.\n          oneOf:\n            - $ref: '#/components/schemas/DistrictCode'\n            - type: 'null'\n      additionalProperties: false\n";
