import { statfsSync } from 'node:fs';
import { availableParallelism, freemem, hostname, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { Type } from '@sinclair/typebox';
import { SESSION_LIFETIME_MS } from '../auth/accounts.js';
import { BadRequestError, UnauthenticatedError } from '../errors.js';
import { type RouteSpec, route } from './route.js';
import {
  CreatedToken,
  Host,
  Login,
  LoginLink,
  NewToken,
  NewUser,
  TokenInfo,
  User,
  VmId,
  Whoami,
} from './schemas.js';

export const SESSION_COOKIE = 'qmon_session';

function sessionCookie(value: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

export const authRoutes: RouteSpec[] = [
  route({
    method: 'POST',
    url: '/auth/login',
    summary: 'Log in with a user name and password; sets an HttpOnly session cookie',
    access: 'public',
    schema: { body: Login, response: Whoami },
    audit: 'login',
    async handler({ body, reply }, ctx) {
      const { secret, user } = await ctx.accounts.login(body.name, body.password);
      reply.header('set-cookie', sessionCookie(secret, SESSION_LIFETIME_MS / 1000));
      return { user: { id: user.id, name: user.name, role: user.role }, via: 'session' };
    },
  }),
  route({
    method: 'POST',
    url: '/auth/login-link',
    summary: 'Log in by spending a one-time login link (what `npm start` prints); sets the cookie',
    access: 'public',
    schema: { body: LoginLink, response: Whoami },
    audit: 'login.link',
    handler({ body, reply }, ctx) {
      const userId = ctx.loginLinks.redeem(body.secret);
      if (!userId) throw new UnauthenticatedError('this login link is spent, expired or unknown');
      const { secret, user } = ctx.accounts.loginAs(userId);
      reply.header('set-cookie', sessionCookie(secret, SESSION_LIFETIME_MS / 1000));
      return { user: { id: user.id, name: user.name, role: user.role }, via: 'session' };
    },
  }),
  route({
    method: 'POST',
    url: '/auth/logout',
    summary: 'End the current session',
    access: 'authenticated',
    schema: {},
    handler({ cookies, reply }, ctx) {
      const secret = cookies[SESSION_COOKIE];
      if (secret) ctx.accounts.logout(secret);
      reply.header('set-cookie', sessionCookie('', 0));
      return {};
    },
  }),
  route({
    method: 'GET',
    url: '/auth/whoami',
    summary: 'The user behind this request',
    access: 'authenticated',
    schema: { response: Whoami },
    handler({ principal }) {
      return {
        user: { id: principal.userId, name: principal.name, role: principal.role },
        via: principal.via,
      };
    },
  }),
  route({
    method: 'GET',
    url: '/tokens',
    summary: "The caller's API tokens (never their secrets)",
    access: 'authenticated',
    schema: { response: Type.Array(TokenInfo) },
    handler: ({ principal }, ctx) => ctx.accounts.listTokens(principal.userId),
  }),
  route({
    method: 'POST',
    url: '/tokens',
    summary: 'Create an API token for the caller; its secret is shown only in this reply',
    access: 'authenticated',
    schema: { body: NewToken, response: CreatedToken },
    audit: 'token.create',
    handler: ({ principal, body }, ctx) => ctx.accounts.createToken(principal.userId, body.name),
  }),
  route({
    method: 'DELETE',
    url: '/tokens/:id',
    summary: 'Revoke one of the caller’s API tokens',
    access: 'authenticated',
    schema: { params: VmId },
    audit: 'token.delete',
    handler({ principal, params }, ctx) {
      ctx.accounts.deleteToken(principal.userId, params.id);
      return {};
    },
  }),
  route({
    method: 'GET',
    url: '/users',
    summary: 'Every user',
    access: 'users.manage',
    schema: { response: Type.Array(User) },
    handler: (_request, ctx) => ctx.accounts.listUsers(),
  }),
  route({
    method: 'POST',
    url: '/users',
    summary: 'Create a user',
    access: 'users.manage',
    schema: { body: NewUser, response: User },
    audit: 'user.create',
    handler: ({ body }, ctx) => ctx.accounts.createUser(body.name, body.password, body.role),
  }),
  route({
    method: 'DELETE',
    url: '/users/:id',
    summary: 'Delete a user, their sessions and tokens',
    access: 'users.manage',
    schema: { params: VmId },
    audit: 'user.delete',
    handler({ params, principal }, ctx) {
      if (params.id === principal.userId)
        throw new BadRequestError('id', 'you cannot delete yourself');
      ctx.accounts.deleteUser(params.id);
      return {};
    },
  }),
  route({
    method: 'GET',
    url: '/host',
    summary: "This host's identity, CPUs and load, memory, and the state folder's disk",
    access: 'authenticated',
    schema: { response: Host },
    handler(_request, ctx) {
      const disk = statfsSync(dirname(ctx.store.path));
      return {
        hostId: ctx.hostId,
        hostname: hostname(),
        version: ctx.version,
        schemaVersion: ctx.store.schemaVersion,
        cpus: availableParallelism(),
        loadAverage: loadavg(),
        memoryBytes: { total: totalmem(), free: freemem() },
        stateDiskBytes: { total: disk.blocks * disk.bsize, free: disk.bavail * disk.bsize },
      };
    },
  }),
];
