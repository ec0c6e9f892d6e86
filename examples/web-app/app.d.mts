// Types for the web-app example's factory, so TypeScript tests can build it.
import type { ConfidentialClientApplication, AuthenticationResult } from '@azure/msal-node';
import type { AadClient, AadErrorHandlerOptions, AadLogger, SignInRequest } from 'aad-error-handler';
import type { Express, Request, Response } from 'express';

export interface WebAppOptions {
  readonly cca: ConfidentialClientApplication;
  readonly aad: AadClient<ConfidentialClientApplication>;
  readonly redirectUri: string;
  readonly scopes: string[];
  readonly sessionSecret: string;
  readonly logger?: AadLogger;
  readonly routes?: (app: Express) => void;
  readonly handler?: AadErrorHandlerOptions;
  readonly hooks?: {
    showSignIn?(req: Request, res: Response, signIn: { request: SignInRequest; url: string }): void;
    signedIn?(req: Request, result: AuthenticationResult): void;
    /** A language tag sent to Entra ID as `ui_locales`, or undefined to let its pages follow the browser. */
    uiLocales?(req: Request): string | undefined;
  };
}

/** The web app: sessions, sign-in route, redirect URI, /me, and aadErrorHandler after the routes. */
export declare function createWebApp(options: WebAppOptions): Express;
