import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { AppError } from "../../lib/errors";
import { verifyCredentials } from "../accounts/verify-credentials";
import { clientAddressOf } from "../http/client-address";
import { getRuntime } from "../runtime/runtime";
import { SESSION_MAX_AGE_S } from "./constants";

declare module "next-auth" {
  interface Session {
    user: { id: string; sessionVersion: number } & DefaultSession["user"];
  }
  interface User {
    sessionVersion?: number;
  }
}


/** Sign-in refused by the throttle: the form says so instead of "wrong password" (code travels with the error). */
export class TooManySignInAttempts extends CredentialsSignin {
  override code = "too_many_attempts";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  // The custom server sets AUTH_SECRET (from the environment or DATA_DIR) before Next loads this.
  secret: process.env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/signin" },
  logger: {
    // A wrong password is an expected outcome, not an error worth a stack trace. Auth.js' `type` is the
    // test: the production bundle minifies class names, so `name` is not "CredentialsSignin" there.
    error(error) {
      if ((error as Error & { type?: unknown }).type === "CredentialsSignin") return;
      getRuntime().logger.error({ err: error }, "auth error");
    },
    warn(code) {
      getRuntime().logger.warn({ code }, "auth warning");
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, request) {
        const rt = getRuntime();
        try {
          const user = await verifyCredentials({ db: rt.db, input: { email: raw.email, password: raw.password }, throttle: rt.signInThrottle, client: clientAddressOf(request.headers) });
          return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
        } catch (err) {
          // Bad input and wrong passwords both end as Auth.js' CredentialsSignin; anything else is a real fault.
          if (err instanceof AppError && err.code === "RATE_LIMITED") throw new TooManySignInAttempts();
          if (err instanceof AppError) return null;
          throw err;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = user.sessionVersion ?? 1;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = token.sub ?? "";
      session.user.sessionVersion = typeof token.sv === "number" ? token.sv : 1;
      return session;
    },
  },
});
