/* cmd.h - the subcommands of the motcua executable. Each takes the whole argv and the index
 * of its first own argument, and returns the process exit status (0 ok, 1 failure,
 * 2 usage error). One file per command in src/cmd/. */
#ifndef MOTCUA_CMD_H
#define MOTCUA_CMD_H

int cmd_serve(int argc, char **argv, int first);
int cmd_migrate(int argc, char **argv, int first);
int cmd_seed(int argc, char **argv, int first);
int cmd_import(int argc, char **argv, int first);
int cmd_report(int argc, char **argv, int first);
int cmd_audit(int argc, char **argv, int first);
int cmd_stats(int argc, char **argv, int first);
int cmd_user(int argc, char **argv, int first);
int cmd_backup(int argc, char **argv, int first);
int cmd_routes(int argc, char **argv, int first);
int cmd_restore(int argc, char **argv, int first);
int cmd_outbox(int argc, char **argv, int first);
int cmd_feedback(int argc, char **argv, int first);
int cmd_event(int argc, char **argv, int first);
int cmd_search_keys(int argc, char **argv, int first);
int cmd_digest(int argc, char **argv, int first);
int cmd_token(int argc, char **argv, int first);

#endif
