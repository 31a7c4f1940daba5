import { DingTalkRobotError } from './dingtalk-errors';
import {
  createDingTalkRobot,
  redactDingTalkUrl,
  signDingTalkRequest,
  signedDingTalkUrl,
} from './dingtalk-robot';
import {
  DEFAULT_DINGTALK_ROBOT,
  DingTalkSimulator,
  startDingTalkSimulator,
} from './testing/dingtalk-simulator';

const SECRET = DEFAULT_DINGTALK_ROBOT.secret!;
const TOKEN = DEFAULT_DINGTALK_ROBOT.accessToken;

describe('DingTalk custom robot', () => {
  let sim: DingTalkSimulator;
  beforeEach(async () => {
    sim = await startDingTalkSimulator({
      robots: [DEFAULT_DINGTALK_ROBOT, { accessToken: 'keyword-robot', keywords: ['Portico'] }],
      ratePerMinute: 3,
    });
  });
  afterEach(() => sim.stop());

  const robot = (overrides: { secret?: string; now?: () => number; token?: string } = {}) =>
    createDingTalkRobot({
      webhookUrl: sim.control.webhookUrl(overrides.token ?? TOKEN),
      secret: 'secret' in overrides ? overrides.secret : SECRET,
      now: overrides.now,
    });

  it('signs with HMAC-SHA256 over "timestamp\\nsecret" exactly as the documented test vector', () => {
    expect(signDingTalkRequest('SEC0123456789abcdef', 1700000000000)).toBe(
      'TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=',
    );
    expect(
      signedDingTalkUrl(
        'https://oapi.dingtalk.com/robot/send?access_token=x',
        'SEC0123456789abcdef',
        1700000000000,
      ),
    ).toContain('&timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D');
  });

  it('sends a signed markdown message with mentions', async () => {
    await robot().sendMarkdown({
      title: 'Portico: new defect',
      text: '### D-17\n> high @13800000000',
      at: { atMobiles: ['13800000000'] },
    });
    const [message] = sim.control.messages(TOKEN);
    expect(message.body).toEqual({
      msgtype: 'markdown',
      markdown: { title: 'Portico: new defect', text: '### D-17\n> high @13800000000' },
      at: { atMobiles: ['13800000000'] },
    });
  });

  it('sends single- and multi-button action cards', async () => {
    await robot().sendActionCard({
      title: 'v3',
      text: '#### Spec v3',
      singleTitle: 'Open',
      singleURL: 'https://portico.example/i/1',
    });
    await robot().sendActionCard({
      title: 'Review',
      text: 'Drawing D-102 rev C',
      btnOrientation: '1',
      btns: [{ title: 'Approve', actionURL: 'https://portico.example/a' }],
    });
    expect(sim.control.messages(TOKEN).map((m) => m.msgtype)).toEqual(['actionCard', 'actionCard']);
  });

  it('is refused (310000, permanent) with a wrong secret', async () => {
    const error = await robot({ secret: 'SECwrong' })
      .sendMarkdown({ title: 't', text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingTalkRobotError);
    expect(error).toMatchObject({ errcode: 310000, kind: 'rejected', retryable: false });
    expect(sim.control.messages()).toHaveLength(0);
  });

  it('is refused without a signature when the robot requires one', async () => {
    await expect(robot({ secret: undefined }).sendMarkdown({ title: 't', text: 'x' })).rejects.toMatchObject({
      errcode: 310000,
    });
  });

  it('is refused when the timestamp is more than an hour off', async () => {
    const skewed = robot({ now: () => Date.now() - 2 * 3600_000 });
    await expect(skewed.sendMarkdown({ title: 't', text: 'x' })).rejects.toMatchObject({ errcode: 310000 });
    expect(sim.control.calls().at(-1)).toMatchObject({ errmsg: 'invalid timestamp' });
  });

  it('is refused for an unknown access token', async () => {
    await expect(
      robot({ token: 'deleted-robot' }).sendMarkdown({ title: 't', text: 'x' }),
    ).rejects.toMatchObject({
      errcode: 300001,
      retryable: false,
    });
  });

  it('enforces the keyword security setting', async () => {
    const keywordRobot = robot({ token: 'keyword-robot', secret: undefined });
    await expect(keywordRobot.sendMarkdown({ title: 'x', text: 'no keyword' })).rejects.toMatchObject({
      errcode: 310000,
    });
    await expect(keywordRobot.sendMarkdown({ title: 'Portico', text: 'ok' })).resolves.toBeUndefined();
  });

  it('maps the per-minute limit (130101) to a retryable rate-limit error with the 10-minute pause', async () => {
    for (let i = 0; i < 3; i++) await robot().sendMarkdown({ title: 't', text: `m${i}` });
    const error = await robot()
      .sendMarkdown({ title: 't', text: 'one too many' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'rate_limited',
      retryable: true,
      errcode: 130101,
      retryAfterMs: 600_000,
    });
  });

  it('treats HTTP 5xx as retryable unavailability', async () => {
    sim.control.injectFault({ httpStatus: 502 });
    await expect(robot().sendMarkdown({ title: 't', text: 'x' })).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
    });
  });

  it('times out a robot that does not answer', async () => {
    sim.control.injectFault({ latencyMs: 500, errcode: 0 });
    const slow = createDingTalkRobot({
      webhookUrl: sim.control.webhookUrl(TOKEN),
      secret: SECRET,
      timeoutMs: 100,
    });
    await expect(slow.sendMarkdown({ title: 't', text: 'x' })).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    });
  });

  it('redacts the access token and signature for logs', () => {
    const url = signedDingTalkUrl(
      'https://oapi.dingtalk.com/robot/send?access_token=abc123',
      SECRET,
      1700000000000,
    );
    const redacted = redactDingTalkUrl(url);
    expect(redacted).not.toContain('abc123');
    expect(redacted).not.toContain(signDingTalkRequest(SECRET, 1700000000000).slice(0, 10));
  });
});
