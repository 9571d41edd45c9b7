// require-rate-limit: an HTTP app started in user code serves routes and nothing anywhere in the
// project limits request rates (a rate-limit library, a limiter of the project's own, a route's
// `config.rateLimit`). A project rule: reported once per app, at the call that creates it, from
// `reduce`. Per file, also a `429` response sent without `Retry-After`.
import type * as TS from 'typescript';
import { someDescendant } from '../src/engine/ast.js';
import { evidenceVisitors, moduleMatches, type EvidenceFacts } from '../src/engine/evidence.js';
import { propertyName } from '../src/engine/objects.js';
import { defineRule } from '../src/engine/rule.js';
import type { FileContext, FileFacts, Json, Visitors } from '../src/engine/types.js';
import { framework } from '../src/knowledge/frameworks.js';
import {
  rateLimitEvidence, rateLimitNamePattern, retryAfterHeader, retryAfterName, setsRetryAfter, statusSetters, tooManyRequests,
} from '../src/knowledge/rate-limit.js';
import { projectMentions, provenEvidence, startedApps } from '../src/project/evidence.js';
import { handlerModel } from '../src/project/handlers.js';

export interface Options {
  /** Names or modules of the project's own rate limiters (added to `settings.rateLimiters`). */
  limiters: string[];
  /** Report `429` responses sent without a `Retry-After` header. */
  checkRetryAfter: boolean;
}

type MessageIds = 'missingRateLimit' | 'missingRetryAfter';

const ID = 'require-rate-limit';

const messages: Record<MessageIds, string> = {
  missingRateLimit:
    'This {{framework}} {{kind}} serves requests and nothing in the project limits their rate, so one client or a retry storm can use up the capacity of every instance (and autoscaling only multiplies the bill); add a rate-limit middleware backed by a shared store, or name your own limiter in settings.rateLimiters.',
  missingRetryAfter:
    'This 429 response has no Retry-After header, so clients retry at once and keep the overload going; set Retry-After to the number of seconds until the limit resets.',
};

interface Data {
  evidence: EvidenceFacts;
}

export default defineRule<Options>({
  id: ID,
  meta: {
    type: 'suggestion',
    description: 'Require rate limiting in projects that serve HTTP, and a Retry-After header on 429 responses',
    config: 'strict',
    scope: 'project',
    requires: ['http'],
    messages,
    schema: {
      type: 'object',
      properties: {
        limiters: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          uniqueItems: true,
          description: "Names or modules of the project's own rate limiters (`apiLimiter`, `./middleware/limiter`), in addition to `settings.rateLimiters`.",
        },
        checkRetryAfter: {
          type: 'boolean',
          description: 'Report 429 responses sent without a Retry-After header.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { limiters: [], checkRetryAfter: true },
  },

  create(context) {
    const evidence = evidenceVisitors(context, rateLimitEvidence);
    // Literals only, each visited in order (see RuleDefinition.create).
    return [
      evidence.visitors,
      context.options.checkRetryAfter ? retryAfterVisitors(context) : {},
      {
        'SourceFile:exit'() {
          context.setData({ evidence: evidence.result() } as unknown as Json);
        },
      },
    ];
  },

  reduce(context) {
    const { options, settings } = context;
    const dataOf = (facts: FileFacts) => (facts.data[ID] as unknown as Data | undefined)?.evidence;
    if (provenEvidence(context.files, dataOf, rateLimitEvidence)) return;
    const model = handlerModel(context);
    const known = rateLimitEvidence.flatMap((e) => (e.module ? [e.module] : []));
    if (projectMentions(context, model, [...options.limiters, ...(settings.rateLimiters ?? [])], rateLimitNamePattern, known)) return;
    for (const app of startedApps(model, { withRoutes: true })) {
      // Without the whole project, a limiter may be mounted from files this front end cannot see.
      if (!context.complete && !app.selfContained) continue;
      context.report({
        messageId: 'missingRateLimit',
        data: { framework: framework(app.framework).label, kind: app.kind === 'server' ? 'server' : 'app' },
        file: app.file,
        span: app.container.span,
        scopeName: app.container.scopeName,
        text: app.container.text,
      });
    }
  },
});

/** Per file: a response status set to 429 with no `Retry-After` set next to it. */
function retryAfterVisitors(context: FileContext<Options>): Visitors {
  const { ts, scope, sourceFile } = context;

  const is429 = (expression: TS.Expression | undefined): boolean => {
    if (!expression) return false;
    const e = scope.resolveValue(expression);
    if (ts.isNumericLiteral(e)) return Number(e.text) === tooManyRequests.code;
    if (ts.isPropertyAccessExpression(e)) return tooManyRequests.constantName.test(e.name.text);
    if (ts.isIdentifier(e)) return tooManyRequests.constantName.test(e.text);
    return false;
  };

  /** Inside the options of a limiter that sets Retry-After itself (`rateLimit({ handler })`). */
  const insideLimiter = (node: TS.Node): boolean => {
    for (let n: TS.Node | undefined = node.parent; n && n !== sourceFile; n = n.parent) {
      if (!ts.isCallExpression(n) && !ts.isNewExpression(n)) continue;
      const q = scope.qualifiedName(n.expression);
      if (q && q.module !== '' && setsRetryAfter.some((m) => moduleMatches(q.module, m))) return true;
    }
    return false;
  };

  /** The function the status is set in (or the top-level statement), searched for the header. */
  const setsHeader = (node: TS.Node): boolean => {
    let root: TS.Node = node;
    for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) {
        root = n;
        break;
      }
      if (n.parent === sourceFile) {
        root = n;
        break;
      }
    }
    return someDescendant(ts, root, (d) => (ts.isStringLiteralLike(d) && retryAfterHeader.test(d.text))
      || (ts.isIdentifier(d) && retryAfterName.test(d.text)));
  };

  const check = (node: TS.Node) => {
    if (insideLimiter(node) || setsHeader(node)) return;
    context.report({ node, messageId: 'missingRetryAfter' });
  };

  const statusCalls: readonly string[] = statusSetters.statusCalls;
  const bodyCalls: readonly string[] = statusSetters.bodyCalls;
  const statusProperties: readonly string[] = statusSetters.statusProperties;

  return {
    CallExpression(node: TS.Node) {
      const call = node as TS.CallExpression;
      const callee = scope.unwrap(call.expression);
      if (!ts.isPropertyAccessExpression(callee)) return;
      const name = callee.name.text;
      if ((statusCalls.includes(name) && is429(call.arguments[0])) || (bodyCalls.includes(name) && is429(call.arguments[1]))) {
        check(call);
      }
    },
    BinaryExpression(node: TS.Node) {
      const b = node as TS.BinaryExpression;
      if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
      const left = scope.unwrap(b.left);
      if (ts.isPropertyAccessExpression(left) && statusProperties.includes(left.name.text) && is429(b.right)) check(b);
    },
    PropertyAssignment(node: TS.Node) {
      // `new Response(body, { status: 429 })`, `NextResponse.json(body, { status: 429 })`.
      const p = node as TS.PropertyAssignment;
      const key = propertyName(ts, p.name);
      if (key === undefined || !statusProperties.includes(key) || !is429(p.initializer)) return;
      const object = p.parent;
      const call = object.parent;
      if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call))) return;
      const index = (call.arguments ?? []).findIndex((a) => a === object);
      if (index < 1) return;
      check(p);
    },
  };
}
