/** Sessions, their lifecycle tiers and how spans fold into them. */
package dev.tj.core.session;
