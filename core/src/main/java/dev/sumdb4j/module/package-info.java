/**
 * Module paths and versions ({@code golang.org/x/mod/module}): validation with the go command's
 * error texts, the {@code !}-escaping of upper-case letters used in URLs and cache paths
 * ({@code github.com/Azure/x} is {@code github.com/!azure/x}), {@link
 * dev.sumdb4j.module.ModuleVersion} ({@code path@version}) and {@link
 * dev.sumdb4j.module.PrefixPatterns} ({@code GONOSUMDB}/{@code GOPRIVATE} matching).
 */
package dev.sumdb4j.module;
