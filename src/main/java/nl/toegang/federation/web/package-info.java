/** Web plumbing the federated login controllers share (DigiD and the upstreams): the way back to the client. */
package nl.toegang.federation.web;
