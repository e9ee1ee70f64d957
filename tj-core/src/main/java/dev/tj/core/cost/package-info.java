/** Cost reports: token and dollar totals grouped by time, model, agent, project, session or tool. */
package dev.tj.core.cost;
