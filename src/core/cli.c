/* cli.c - declarative command-line options. */
#include "motcua/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "motcua/arena.h"
#include "motcua/xalloc.h"

/* Values read from config files: they must live as long as the process (options point into
 * them); released at exit so leak checkers see no leak. */
static struct arena *config_values;

/* atexit handler: free the config values. */
static void free_config_values(void)
{
	arena_free(config_values);
	config_values = NULL;
}

/* A process-lifetime copy of a config value. */
static char *keep_value(const char *v)
{
	if (!config_values) {
		config_values = arena_new();
		atexit(free_config_values);
	}
	return arena_strdup(config_values, v);
}

/* See cli.h. */
void cli_help(const struct cli_spec *spec)
{
	printf("usage: %s [options]%s%s\n  %s\n\noptions:\n", spec->command,
	       spec->args ? " " : "", spec->args ? spec->args : "", spec->summary);
	for (int i = 0; i < spec->nopts; i++) {
		const struct cli_opt *o = &spec->opts[i];
		char flag[64];
		snprintf(flag, sizeof(flag), "--%s%s", o->name,
			 o->type == CLI_BOOL ? "" : o->type == CLI_INT ? " N" : " VALUE");
		printf("  %-22s %s", flag, o->help);
		if (o->env)
			printf(" [env %s]", o->env);
		printf("\n");
	}
	printf("  %-22s %s\n  %-22s %s\n", "--config FILE", "read \"name = value\" settings from FILE",
	       "--help", "show this help");
}

/* Store value into option o; prints an error and returns false when it does not fit. */
static bool set_value(const struct cli_spec *spec, const struct cli_opt *o, const char *value,
		      const char *origin)
{
	switch (o->type) {
	case CLI_STR:
		if (!value || !*value) {
			fprintf(stderr, "%s: --%s (%s) needs a value\n", spec->command, o->name, origin);
			return false;
		}
		*(const char **)o->dest = value;
		return true;
	case CLI_INT: {
		char *end;
		errno = 0;
		long long v = value ? strtoll(value, &end, 10) : 0;
		if (!value || !*value || *end || errno || v < o->min || v > o->max) {
			fprintf(stderr, "%s: --%s (%s): '%s' is not a whole number from %lld to %lld\n",
				spec->command, o->name, origin, value ? value : "",
				(long long)o->min, (long long)o->max);
			return false;
		}
		*(int64_t *)o->dest = v;
		return true;
	}
	case CLI_BOOL:
		if (!value || !strcmp(value, "1") || !strcmp(value, "true") || !strcmp(value, "yes")) {
			*(bool *)o->dest = true;
			return true;
		}
		if (!strcmp(value, "0") || !strcmp(value, "false") || !strcmp(value, "no")) {
			*(bool *)o->dest = false;
			return true;
		}
		fprintf(stderr, "%s: --%s (%s): '%s' is not true or false\n", spec->command, o->name,
			origin, value);
		return false;
	}
	return false;
}

/* Find the option called name (length n). */
static const struct cli_opt *find_opt(const struct cli_spec *spec, const char *name, size_t n)
{
	for (int i = 0; i < spec->nopts; i++)
		if (strlen(spec->opts[i].name) == n && !strncmp(spec->opts[i].name, name, n))
			return &spec->opts[i];
	return NULL;
}

/* Apply a config file of "name = value" lines ('#' starts a comment). */
static bool apply_config(const struct cli_spec *spec, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "%s: cannot read config file %s\n", spec->command, path);
		return false;
	}
	char line[1024];
	int lineno = 0;
	bool ok = true;
	while (ok && fgets(line, sizeof(line), f)) {
		lineno++;
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		char *eq = strchr(p, '=');
		if (!eq) {
			fprintf(stderr, "%s: %s line %d: expected name = value\n", spec->command, path, lineno);
			ok = false;
			break;
		}
		char *name_end = eq;
		while (name_end > p && (name_end[-1] == ' ' || name_end[-1] == '\t'))
			name_end--;
		char *v = eq + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		size_t vl = strlen(v);
		while (vl && (v[vl - 1] == '\n' || v[vl - 1] == '\r' || v[vl - 1] == ' '))
			v[--vl] = '\0';
		const struct cli_opt *o = find_opt(spec, p, (size_t)(name_end - p));
		if (!o) {
			fprintf(stderr, "%s: %s line %d: unknown setting '%.*s'\n", spec->command, path,
				lineno, (int)(name_end - p), p);
			ok = false;
			break;
		}
		char origin[300];
		snprintf(origin, sizeof(origin), "%s line %d", path, lineno);
		/* Config values must outlive the file buffer: keep a copy for the process. */
		ok = set_value(spec, o, keep_value(v), origin);
	}
	fclose(f);
	return ok;
}

/* See cli.h. */
int cli_parse(const struct cli_spec *spec, int argc, char **argv, int first,
	      const char **positional, int max_positional, int *npositional)
{
	*npositional = 0;
	/* First pass: --help and --config. */
	for (int i = first; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cli_help(spec);
			return 1;
		}
		if (!strcmp(argv[i], "--config") || !strncmp(argv[i], "--config=", 9)) {
			const char *path = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[i + 1] : NULL);
			if (!path) {
				fprintf(stderr, "%s: --config needs a file\n", spec->command);
				return 2;
			}
			if (!apply_config(spec, path))
				return 2;
		}
	}
	for (int i = 0; i < spec->nopts; i++) {
		const struct cli_opt *o = &spec->opts[i];
		const char *v = o->env ? getenv(o->env) : NULL;
		if (v && *v && !set_value(spec, o, v, o->env))
			return 2;
	}
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--config")) {
			i++;
			continue;
		}
		if (!strncmp(a, "--config=", 9))
			continue;
		if (strncmp(a, "--", 2) != 0) {
			if (*npositional >= max_positional) {
				fprintf(stderr, "%s: unexpected argument '%s' (see --help)\n", spec->command, a);
				return 2;
			}
			positional[(*npositional)++] = a;
			continue;
		}
		const char *name = a + 2;
		const char *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		const struct cli_opt *o = find_opt(spec, name, n);
		if (!o) {
			fprintf(stderr, "%s: unknown option '%s' (see --help)\n", spec->command, a);
			return 2;
		}
		const char *value = NULL;
		if (eq)
			value = eq + 1;
		else if (o->type != CLI_BOOL) {
			if (i + 1 >= argc) {
				fprintf(stderr, "%s: --%s needs a value\n", spec->command, o->name);
				return 2;
			}
			value = argv[++i];
		}
		if (!set_value(spec, o, value, "flag"))
			return 2;
	}
	return 0;
}
