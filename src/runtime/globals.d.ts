/// <reference types="@twilio-labs/serverless-runtime-types" />
