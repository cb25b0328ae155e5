/**
 * The go command's module cache ({@code $GOMODCACHE}): where a module version's zip, {@code
 * .ziphash}, {@code .mod} and extracted directory live, and the checks of {@code go mod verify}.
 */
package dev.sumdb4j.modcache;
