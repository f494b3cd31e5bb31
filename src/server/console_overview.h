/* The console's first page: alerts of the last week over time by engine (a chart drawn
 * on the server as SVG, no script) and by sector, the rules and indicators with the
 * most alerts, campaigns across organisations, new alerts, reports awaiting triage,
 * releases due and member health; from the overview use case (hub/overview.h). */
#ifndef FK_CONSOLE_OVERVIEW_H
#define FK_CONSOLE_OVERVIEW_H

#include "request.h"

void fk_console_overview(fk_request *req, fk_response *res);

#endif
