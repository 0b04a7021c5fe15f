// A real SMTP server for the tests (the npm package smtp-server), on 127.0.0.1 and a free port.
// Prints its port on the first line, then appends each message it accepts to --out as one JSON
// line: { from, to, raw }. Test switches:
//   --refuse N  answers the first N messages' data with 451 (a temporary failure), then accepts;
//   --stall S   holds the first message's recipient S seconds without answering (a send cut off
//               by a restart never reaches the data, so nothing is delivered);
//   --user U --password P  requires authentication.
import fs from 'node:fs';
import { SMTPServer } from 'smtp-server';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const out = arg('out');
let refuse = Number(arg('refuse', '0'));
let stall = Number(arg('stall', '0'));
const user = arg('user');
const password = arg('password');

const server = new SMTPServer({
  secure: false,
  disabledCommands: user ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
  allowInsecureAuth: true,
  authOptional: !user,
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === user && auth.password === password) {
      callback(null, { user: auth.username });
    } else {
      callback(new Error('535 authentication failed'));
    }
  },
  onRcptTo(_address, _session, callback) {
    if (stall > 0) {
      const wait = stall;
      stall = 0;
      setTimeout(() => callback(), wait * 1000);
      return;
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      if (refuse > 0) {
        refuse -= 1;
        const error = new Error('mailbox busy, try again later');
        error.responseCode = 451;
        callback(error);
        return;
      }
      const record = {
        from: session.envelope.mailFrom && session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      };
      fs.appendFileSync(out, JSON.stringify(record) + '\n');
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  console.log(String(server.server.address().port));
});
