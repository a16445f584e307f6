#!/usr/bin/env python3
"""smtp_server.py - a real SMTP server on loopback for the notification tests (Debian's
python3-aiosmtpd). Usage: smtp_server.py PORT DIR

Accepts every recipient except:
  refuse5@...  -> 550 5.1.1 (the server refuses the message for good)
  refuse4@...  -> 451 4.3.0 (a temporary refusal)
Each accepted message is written to DIR/<n>.eml exactly as received (DATA), with the
envelope in DIR/<n>.env ("from\\nto,to..."). Prints "ready PORT" once listening; stops on
SIGTERM, SIGINT or end of stdin."""
import os
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, folder):
        self.folder = folder
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split('@', 1)[0]
        if local == 'refuse5':
            return '550 5.1.1 mailbox unavailable'
        if local == 'refuse4':
            return '451 4.3.0 try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        with self.lock:  # numbered after the files already there (a restarted server)
            n = 1 + sum(1 for f in os.listdir(self.folder) if f.endswith('.eml'))
        with open(os.path.join(self.folder, f'{n}.eml'), 'wb') as f:
            f.write(envelope.original_content)
        with open(os.path.join(self.folder, f'{n}.env'), 'w') as f:
            f.write(envelope.mail_from + '\n' + ','.join(envelope.rcpt_tos) + '\n')
        return '250 Message accepted for delivery'


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Handler(folder), hostname='127.0.0.1', port=port)
    controller.start()
    print(f'ready {port}', flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait()
    controller.stop()


if __name__ == '__main__':
    main()
