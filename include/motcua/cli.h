/* cli.h - declarative command-line options with environment and config-file fallbacks.
 * Precedence: built-in default < config file (--config FILE, "name = value" lines) <
 * environment variable < flag. Unknown flags, missing values and out-of-range numbers are
 * reported with the option's name and the process should exit with status 2. */
#ifndef MOTCUA_CLI_H
#define MOTCUA_CLI_H

#include <stdbool.h>
#include <stdint.h>

enum cli_type { CLI_STR, CLI_INT, CLI_BOOL };

struct cli_opt {
	const char *name;	/* flag without dashes: "port" for --port */
	const char *env;	/* environment variable or NULL: "MOTCUA_PORT" */
	enum cli_type type;
	void *dest;		/* const char ** for CLI_STR, int64_t * for CLI_INT, bool * for CLI_BOOL */
	int64_t min, max;	/* range for CLI_INT */
	const char *help;
};

struct cli_spec {
	const char *command;	/* "motcua serve" */
	const char *summary;	/* one line */
	const char *args;	/* positional argument names for the usage line, or NULL */
	const struct cli_opt *opts;
	int nopts;
};

/* Parse argv[first..argc) against spec. Positional arguments are collected into positional
 * (capacity max_positional) and counted in *npositional. Prints help and returns 1 on
 * --help; prints the error and returns 2 on a bad flag or value; returns 0 on success.
 * String results point into argv, the environment or a static copy of the config file. */
int cli_parse(const struct cli_spec *spec, int argc, char **argv, int first,
	      const char **positional, int max_positional, int *npositional);

/* Print the usage and option list of spec to stdout. */
void cli_help(const struct cli_spec *spec);

#endif
