/* Web-attack detection for serialized objects in a request value: the streams and the
 * type names that a deserializer turns into objects of the sender's choosing (Java's
 * ObjectInputStream, .NET's BinaryFormatter and Json.NET, Python's pickle, the YAML
 * loaders of Python, Ruby, Perl, PHP and Java). Stateless. */
#ifndef FK_WEBSERIAL_H
#define FK_WEBSERIAL_H

#include <stdbool.h>
#include <stddef.h>

/* A Java serialized stream's start, in base64 (any alignment) or hex, anywhere in a
 * decoded, lower-cased value. */
bool fk_webserial_java_stream(const char *v, size_t n);

/* A serialized stream in base64 or hex that a value of letters and digits alone can
 * spell (Java's, .NET's binary format, a framed pickle): such a value is still read. */
bool fk_webserial_plain_stream(const char *v, size_t n);

/* Reads one decoded, lower-cased value; true with *why set when it holds a serialized
 * object or names a type a deserializer would build to run code. */
bool fk_webserial_read(const char *v, size_t n, const char **why);

#endif
