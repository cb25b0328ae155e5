/**
 * Implementation shared by this module's packages, not API: the package is not exported, and
 * anything here may change without notice.
 */
package dev.sumdb4j.tlog.internal;
