/**
 * The go command's checksum-database configuration: {@code GOSUMDB}, {@code GONOSUMDB}/{@code
 * GOPRIVATE}, {@code GOPROXY}, {@code GOPATH} and {@code GOMODCACHE} from the environment and the
 * {@code go env -w} file ({@link dev.sumdb4j.tlog.config.SumdbConfig}, the value; the environment
 * layers, GOSUMDB syntax and GOPROXY syntax each in their own package-private class), and the
 * discovery of the database's base URL through GOPROXY ({@link dev.sumdb4j.tlog.config.SumdbEndpoint}).
 */
package dev.sumdb4j.tlog.config;
