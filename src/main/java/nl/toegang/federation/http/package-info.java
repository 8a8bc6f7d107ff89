/** HTTP plumbing of the federation module's back channels (DigiD's artifact resolution, the upstreams' calls). */
package nl.toegang.federation.http;
