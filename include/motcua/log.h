/* log.h - one-line logs to stderr with a UTC timestamp and a level. */
#ifndef MOTCUA_LOG_H
#define MOTCUA_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG__MAX };

/* Set the lowest level that is printed (default LOG_INFO). */
void log_set_level(enum log_level level);
/* Print one line: "2026-11-22T06:30:00Z info message". Thread-safe (one write per line). */
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
